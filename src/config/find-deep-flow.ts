/**
 * The offset where `[`/`{` brackets open more than `limit` levels deep, outside quoted strings and
 * comments, or undefined. A guard in front of the YAML parser, whose flow parsing recurses and slows
 * with depth (100,000 levels: 1.5 s, then a stack overflow): it only has to be cheap and never
 * refuse a real config, so plain scalars that contain brackets are counted too, which is why
 * `limit` is set far above the nesting the config itself may have.
 */
export function findDeepFlow(text: string, limit: number): number | undefined {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '[' || c === '{') {
      depth += 1;
      if (depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth -= 1;
    } else if (c === '"' || c === "'") {
      i = endOfQuoted(text, i);
    } else if (c === '#' && (i === 0 || ' \t\n\r'.includes(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    }
    i += 1;
  }
  return undefined;
}

/** The index of the closing quote (a YAML single-quoted string escapes `'` as `''`), or the end. */
function endOfQuoted(text: string, start: number): number {
  const quote = text[start]!;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (quote === '"' && c === '\\') i += 2;
    else if (c === quote && quote === "'" && text[i + 1] === "'") i += 2;
    else if (c === quote) return i;
    else i += 1;
  }
  return text.length;
}
