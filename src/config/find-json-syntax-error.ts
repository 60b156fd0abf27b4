import { CONFIG_LIMITS } from './config-limits.js';

/** Where JSON text stops being JSON, and why. */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

/**
 * Checks that `text` is strict JSON and finds the first syntax error with its offset.
 * The `yaml` parser that gives us positions accepts things JSON does not (`{"a": 1 "b": 2}` is a
 * valid YAML flow map), and `JSON.parse` only sometimes says where it failed, so JSON files are
 * checked by this small scanner first.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  // The scanner recurses per level: past the config's nesting limit it stops, long before the stack would.
  let depth = 0;
  const enter = () => {
    depth += 1;
    if (depth > CONFIG_LIMITS.maxDepth) fail(`maps and lists nest more than ${CONFIG_LIMITS.maxDepth} levels deep`);
  };
  const fail = (message: string, at = i): never => {
    throw Object.assign(new Error(message), { offset: at });
  };
  const describe = (): string => (i >= text.length ? 'the end of the input' : text[i] === '"' ? 'a string' : `"${text[i]!}"`);
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const expect = (char: string, context: string) => {
    skipSpace();
    if (text[i] !== char) fail(`expected "${char}" ${context}, found ${describe()}`);
    i += 1;
  };
  const string = () => {
    i += 1; // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text[i]!;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string');
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) fail('invalid escape in string');
        i += 2;
        continue;
      }
      if (c < ' ') fail('control character in string (use an escape such as \\n)');
      i += 1;
    }
    if (i >= text.length) fail('unterminated string');
    i += 1;
  };
  const value = (context: string): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (literal) {
      i += literal[0].length;
      return;
    }
    fail(`expected a value ${context}, found ${describe()}`);
  };
  const object = () => {
    enter();
    i += 1;
    skipSpace();
    if (text[i] === '}') {
      i += 1;
      depth -= 1;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(`expected a double-quoted property name, found ${describe()}`);
      string();
      expect(':', 'after a property name');
      value('after ":"');
      skipSpace();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === '}') {
        i += 1;
        depth -= 1;
        return;
      }
      fail(`expected "," or "}" after a property value, found ${describe()}`);
    }
  };
  const array = () => {
    enter();
    i += 1;
    skipSpace();
    if (text[i] === ']') {
      i += 1;
      depth -= 1;
      return;
    }
    for (;;) {
      value('in a list');
      skipSpace();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === ']') {
        i += 1;
        depth -= 1;
        return;
      }
      fail(`expected "," or "]" after a list item, found ${describe()}`);
    }
  };
  try {
    value('at the start');
    skipSpace();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    // Only our own failures carry an offset; anything else (a stack overflow on absurd nesting) is not a syntax verdict.
    if (!(error instanceof Error) || !('offset' in error)) throw error;
    return { offset: error.offset as number, message: error.message };
  }
}
