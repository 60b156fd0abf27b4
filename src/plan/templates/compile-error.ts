import { closest } from 'fastest-levenshtein';
import type { TemplateCompileError } from './types.js';

/**
 * Turns what Handlebars throws while parsing or compiling into a TemplateCompileError with a
 * 1-based line and column in the template. Handlebars gives two shapes: its Exception carries
 * lineNumber and a 0-based column; the generated parser throws a plain Error whose message holds
 * "on line N", an excerpt with newlines removed and a caret, so we find the caret's place in the
 * source by matching the excerpt back.
 */
export function toCompileError(error: unknown, source: string, helperNames: readonly string[]): TemplateCompileError {
  const message = error instanceof Error ? error.message : String(error);
  const located = error as { lineNumber?: unknown; column?: unknown };
  if (typeof located.lineNumber === 'number' && typeof located.column === 'number') {
    return { message: explain(message.replace(/ - \d+:\d+$/, ''), helperNames), line: located.lineNumber, column: located.column + 1 };
  }
  const parse = /^(Parse|Lexical) error on line (\d+)[:.]/.exec(message);
  if (!parse) return { message };
  const line = Number(parse[2]);
  const lines = message.split('\n');
  const caretAt = lines.findIndex((text) => /^-*\^$/.test(text));
  const reason = lines.slice(caretAt + 1).join(' ').trim() || (parse[1] === 'Lexical' ? 'unrecognized text' : 'syntax error');
  const column = caretAt > 0 ? findColumn(source, lines[caretAt - 1]!.slice(0, lines[caretAt]!.length - 1), line) : undefined;
  // `{"a":{{x}}}` is the classic trap of JSON templates: `}}}` closes a triple-stash.
  const hint = reason.endsWith("got 'CLOSE_UNESCAPED'") ? ' ("}}}" closes {{{ }}}: in JSON write "{{value}} }")' : '';
  return { message: `syntax error: ${reason}${hint}`, line, ...(column === undefined ? {} : { column }) };
}

function explain(message: string, helperNames: readonly string[]): string {
  const unknown = /^You specified knownHelpersOnly, but used the unknown helper (.+)$/.exec(message);
  if (!unknown) return message;
  return `unknown helper "${unknown[1]}" (did you mean "${closest(unknown[1]!, [...helperNames])}"?)`;
}

/** Where, on `line`, the source continues after `before` (the parser's excerpt drops newlines). */
function findColumn(source: string, before: string, line: number): number | undefined {
  const tail = before.startsWith('...') ? before.slice(3) : before;
  const positions: number[] = [];
  let flat = '';
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\n') continue;
    positions.push(i);
    flat += source[i];
  }
  let fallback: number | undefined;
  for (let end = tail.length; end <= flat.length; end++) {
    if (!flat.startsWith(tail, end - tail.length)) continue;
    const offset = end < positions.length ? positions[end]! : source.length;
    const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
    const column = offset - lineStart + 1;
    if (source.slice(0, offset).split('\n').length === line) return column;
    fallback ??= column;
  }
  return fallback;
}
