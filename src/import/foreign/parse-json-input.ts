import { findJsonSyntaxError } from '../../config/index.js';
import type { ImportError, ImportFile } from '../import-types.js';

/** Inputs larger than this are refused before parsing: a mock definition is rarely a tenth of it. */
export const MAX_INPUT_CHARS = 64 * 1024 * 1024;

/** Parses a JSON input file; a syntax error comes back with its line and column. */
export function parseJsonInput(file: ImportFile): { ok: true; value: unknown } | { ok: false; error: ImportError[] } {
  if (file.text.length > MAX_INPUT_CHARS) {
    return { ok: false, error: [{ source: file.path, message: `the file has ${file.text.length} characters; at most ${MAX_INPUT_CHARS} are read` }] };
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
