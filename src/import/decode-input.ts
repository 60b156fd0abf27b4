import { decodeLiteralYaml, findDeepNesting, findJsonSyntaxError, NESTING_GUARD } from '../config/index.js';
import type { ImportError, ImportFile } from './import-types.js';

/** Inputs larger than this are refused before parsing: a mock definition is rarely a tenth of it. */
const MAX_INPUT_CHARS = 64 * 1024 * 1024;

export type Decoded = { ok: true; value: unknown } | { ok: false; error: ImportError[] };

/** 1-based line and column of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * An input's text to plain data: JSON when it looks like JSON (or `json` says it must be) (fast: a 1.7 MB spec parses in
 * milliseconds), YAML otherwise, both taken literally and bounded (size, nesting, aliases).
 * Syntax errors come back with their line and column.
 */
export function decodeInput(file: ImportFile, options: { json?: boolean } = {}): Decoded {
  const { text, path } = file;
  if (text.length > MAX_INPUT_CHARS)
    return { ok: false, error: [{ source: path, message: `the file has ${text.length} characters; at most ${MAX_INPUT_CHARS} are read` }] };
  const first = /\S/.exec(text)?.[0];
  if (options.json === true || first === '{' || first === '[') {
    const deep = findDeepNesting(text, 'json');
    if (deep !== undefined)
      return { ok: false, error: [{ source: path, message: `refused: nested more than ${NESTING_GUARD} levels deep`, ...positionOf(text, deep) }] };
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch (error) {
      const found = findJsonSyntaxError(text);
      const at = found ? positionOf(text, found.offset) : {};
      return { ok: false, error: [{ source: path, message: `JSON syntax: ${found?.message ?? (error as Error).message}`, ...at }] };
    }
  }
  const decoded = decodeLiteralYaml(text);
  if (decoded.ok) return decoded;
  return {
    ok: false,
    error: decoded.error.map((issue) => {
      const at = /line (\d+), column (\d+)/.exec(issue.message);
      return { source: path, message: issue.message, ...(at ? { line: Number(at[1]), column: Number(at[2]) } : {}) };
    }),
  };
}
