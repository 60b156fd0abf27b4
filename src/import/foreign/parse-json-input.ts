import { findJsonSyntaxError } from '../../config/index.js';
import type { ImportError, ImportFile } from '../import-types.js';

/** Inputs larger than this are refused before parsing: a mock definition is rarely a tenth of it. */
export const MAX_INPUT_CHARS = 64 * 1024 * 1024;

/** Deeper JSON is refused: real mock definitions nest a few levels; our config allows 64 in all. */
export const MAX_INPUT_DEPTH = 48;

/** The deepest nesting of [ and { outside strings, in one linear pass. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

/** Parses a JSON input file; a syntax error comes back with its line and column. */
export function parseJsonInput(file: ImportFile): { ok: true; value: unknown } | { ok: false; error: ImportError[] } {
  if (file.text.length > MAX_INPUT_CHARS) {
    return { ok: false, error: [{ source: file.path, message: `the file has ${file.text.length} characters; at most ${MAX_INPUT_CHARS} are read` }] };
  }
  const depth = nestingDepth(file.text);
  if (depth > MAX_INPUT_DEPTH) {
    // The converters walk matchers and bodies recursively: a hostile `not` ten thousand deep must
    // be an error, not a stack overflow.
    return { ok: false, error: [{ source: file.path, message: `maps and lists nest ${depth} levels deep; at most ${MAX_INPUT_DEPTH} are read` }] };
  }
  try {
    return { ok: true, value: JSON.parse(file.text) as unknown };
  } catch (cause) {
    const found = findJsonSyntaxError(file.text);
    const offset = found?.offset ?? 0;
    const before = file.text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return {
      ok: false,
      error: [{ source: file.path, message: `not valid JSON: ${found?.message ?? (cause as Error).message}`, line, column }],
    };
  }
}
