import { decodeLiteralYaml, findJsonSyntaxError } from '../config/index.js';
import type { ImportError, ImportFile } from './import-types.js';

/** Deeper nesting than this in a JSON input is refused before anything walks it recursively. */
const MAX_DEPTH = 256;

export type Decoded = { ok: true; value: unknown } | { ok: false; error: ImportError[] };

/** 1-based line and column of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** The offset where brackets nest deeper than `limit` (strings skipped), if they do. */
function findTooDeep(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/**
 * An input's text to plain data: JSON when it looks like JSON (fast: a 1.7 MB spec parses in
 * milliseconds), YAML otherwise, both taken literally and bounded (size, nesting, aliases).
 * Syntax errors come back with their line and column.
 */
export function decodeInput(file: ImportFile): Decoded {
  const { text, path } = file;
  const first = /\S/.exec(text)?.[0];
  if (first === '{' || first === '[') {
    const deep = findTooDeep(text, MAX_DEPTH);
    if (deep !== undefined)
      return { ok: false, error: [{ source: path, message: `refused: nested more than ${MAX_DEPTH} levels deep`, ...positionOf(text, deep) }] };
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
