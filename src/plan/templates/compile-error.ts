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
  const reason =
    lines
      .slice(caretAt + 1)
      .join(' ')
      .trim() || (parse[1] === 'Lexical' ? 'unrecognized text' : 'syntax error');
  const place = caretAt > 0 ? findPlace(source, lines[caretAt - 1]!.slice(0, lines[caretAt]!.length - 1), line) : { line };
  // `{"a":{{x}}}` is the classic trap of JSON templates: `}}}` closes a triple-stash.
  const hint = /got 'CLOSE_(UNESCAPED|RAW_BLOCK)'$/.test(reason) ? ' ("}}}" closes {{{ }}}: in JSON write "{{value}} }")' : '';
  return { message: `syntax error: ${reason}${hint}`, ...place };
}

function explain(message: string, helperNames: readonly string[]): string {
  const unknown = /^You specified knownHelpersOnly, but used the unknown helper (.+)$/.exec(message);
  if (!unknown) return message;
  return `unknown helper "${unknown[1]}" (did you mean "${closest(unknown[1]!, [...helperNames])}"?)`;
}

/**
 * Where the source continues after `before` (the parser's excerpt, newlines dropped). Several
 * places can match; the one on the parser's line wins, else the first (the parser counts the
 * line after the offending token, which is off when that token starts a line).
 */
function findPlace(source: string, before: string, reportedLine: number): { line: number; column?: number } {
  const tail = before.startsWith('...') ? before.slice(3) : before;
  const positions: number[] = [];
  let flat = '';
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\n') continue;
    positions.push(i);
    flat += source[i];
  }
  let first: { line: number; column: number } | undefined;
  for (let end = tail.length; end <= flat.length; end++) {
    if (!flat.startsWith(tail, end - tail.length)) continue;
    const offset = end < positions.length ? positions[end]! : source.length;
    const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
    const place = { line: source.slice(0, lineStart).split('\n').length, column: offset - lineStart + 1 };
    if (place.line === reportedLine) return place;
    first ??= place;
  }
  return first ?? { line: reportedLine };
}
