import { LineCounter, parseDocument } from 'yaml';
import { checkDocumentShape } from './check-document-shape.js';
import { CONFIG_LIMITS } from './config-limits.js';
import { findDeepNesting } from './find-deep-nesting.js';
import { err, ok, type ConfigIssue, type Result } from './result.js';

/**
 * YAML text to plain data, taken literally (no `${ENV}` interpolation, as an import is), within
 * CONFIG_LIMITS: size, nesting and alias expansion are refused with their line and column before
 * anything unfolds the document. Syntax errors are issues too.
 */
export function decodeLiteralYaml(text: string): Result<unknown, ConfigIssue[]> {
  const lineCounter = new LineCounter();
  const where = (offset: number) => {
    const at = lineCounter.linePos(offset);
    return `line ${at.line}, column ${at.col}`;
  };
  if (Buffer.byteLength(text) > CONFIG_LIMITS.maxBytes) {
    return err([{ path: '', message: `refused: the YAML text is over the limit of ${CONFIG_LIMITS.maxBytes} bytes (16 MiB)` }]);
  }
  // Before either parser recurses: about 1,000 levels kill the process (see findDeepBlock).
  const deep = findDeepNesting(text, 'yaml');
  if (deep !== undefined) {
    const before = text.slice(0, deep);
    const where = `line ${before.split('\n').length}, column ${deep - before.lastIndexOf('\n')}`;
    return err([{ path: '', message: `refused: maps and lists nest more than ${CONFIG_LIMITS.maxDepth} levels deep (${where})` }]);
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return err(doc.errors.map((error) => ({ path: '', message: `YAML syntax (${where(error.pos[0])}): ${error.message}` })));
  const shape = checkDocumentShape(doc);
  if (shape.problem) return err([{ path: '', message: `refused: ${shape.problem.message} (${where(shape.problem.offset)})` }]);
  // toJS throws for what parsing let through: an alias to no anchor inside a complex key (`? <<: *a`).
  try {
    return ok(doc.toJS({ maxAliasCount: -1 }) as unknown);
  } catch (error) {
    return err([{ path: '', message: `YAML: ${error instanceof Error ? error.message : String(error)}` }]);
  }
}
