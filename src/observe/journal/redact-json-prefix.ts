/**
 * What the scanner expects next. `after` is a complete value: a comma or the container's close
 * inside one, only the end at the top.
 */
type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
/** Characters of numbers and of true, false and null. */
const isBareChar = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x2b || code === 0x2d || code === 0x2e;
const BARE_VALUE = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;
/** What may start the rest of a bare value cut by the end of the text. */
const BARE_START = /^(?:t(?:r(?:ue?)?)?|f(?:a(?:l(?:se?)?)?)?|n(?:u(?:ll?)?)?|-?(?:0|[1-9]\d*)?(?:\.\d*)?(?:[eE][+-]?\d*)?)$/;

/** The index just past the string opening at `start` (a quote), or -1 when the text ends inside it. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5c) i++;
    else if (code === 0x22) return i + 1;
  }
  return -1;
}

/** The index just past the value starting at `start` (its end, or the text's), skipping nested containers and strings. */
function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === 0x22) {
    const end = stringEnd(text, start);
    return end < 0 ? text.length : end;
  }
  if (first !== 0x7b && first !== 0x5b) {
    let i = start;
    while (i < text.length && isBareChar(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      const end = stringEnd(text, i);
      if (end < 0) return text.length;
      i = end - 1;
    } else if (code === 0x7b || code === 0x5b) depth++;
    else if (code === 0x7d || code === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * The first bytes of a JSON text with the values of the named fields (at any depth) replaced by
 * `marker` (a JSON string), or undefined when the text cannot be the start of a JSON text. For a
 * body the journal kept only the start of: JSON.parse needs the end, and showing a cut JSON body
 * raw would show the secrets redaction is there to hide. A value cut by the end of the text is
 * redacted as far as it goes; a key cut by it has no value to hide. Keys are compared decoded (a
 * `"pass\u0077ord"` key is `password`), as JSON.parse would. Anything that could not continue into
 * JSON gives undefined: the caller then shows nothing of the body rather than guess.
 */
export function redactJsonPrefix(text: string, fields: ReadonlySet<string>, marker: string): string | undefined {
  const stack: number[] = []; // 0x7b for an object, 0x5b for an array
  let expect: Expect = 'value';
  let redactNext = false;
  let out = '';
  let copiedTo = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    if (expect === 'value' || expect === 'value-or-close') {
      if (code === 0x5d && expect === 'value-or-close') {
        stack.pop();
        expect = 'after';
        i++;
        continue;
      }
      if (redactNext) {
        redactNext = false;
        out += text.slice(copiedTo, i) + marker;
        i = skipValue(text, i);
        copiedTo = i;
        expect = 'after';
        continue;
      }
      if (code === 0x7b || code === 0x5b) {
        stack.push(code);
        expect = code === 0x7b ? 'key-or-close' : 'value-or-close';
        i++;
        continue;
      }
      const end = skipValue(text, i);
      if (code !== 0x22) {
        const bare = text.slice(i, end);
        if (end === i || !(end === text.length ? BARE_START.test(bare) : BARE_VALUE.test(bare))) return undefined;
      }
      i = end;
      expect = 'after';
      continue;
    }
    if (expect === 'key' || expect === 'key-or-close') {
      if (code === 0x7d && expect === 'key-or-close') {
        stack.pop();
        expect = 'after';
        i++;
        continue;
      }
      if (code !== 0x22) return undefined;
      const end = stringEnd(text, i);
      if (end < 0) return out + text.slice(copiedTo);
      let key: unknown;
      try {
        key = JSON.parse(text.slice(i, end));
      } catch {
        return undefined;
      }
      redactNext = fields.has(key as string);
      i = end;
      expect = 'colon';
      continue;
    }
    if (expect === 'colon') {
      if (code !== 0x3a) return undefined;
      i++;
      expect = 'value';
      continue;
    }
    // after a value
    const open = stack[stack.length - 1];
    if (open === undefined) return undefined;
    if (code === 0x2c) expect = open === 0x7b ? 'key' : 'value';
    else if ((code === 0x7d && open === 0x7b) || (code === 0x5d && open === 0x5b)) {
      stack.pop();
      expect = 'after';
    } else return undefined;
    i++;
  }
  return out + text.slice(copiedTo);
}
