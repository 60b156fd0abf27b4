/**
 * The classic YAML slip in a config: a plain value with braces inside a flow mapping,
 * `{ id: u, path: /api/users/{id} }`. YAML reads `{id}` as a nested flow map, and the parser then
 * reports a dozen errors about the tokens after it, none of which says what to do. Given the line
 * of the first error, this finds such a value and returns the one thing to say.
 */
export function findUnquotedBrace(text: string, line: number): { message: string; column: number } | undefined {
  const source = text.split('\n')[line - 1];
  if (source === undefined || !source.includes('{')) return undefined;
  for (const match of source.matchAll(/([A-Za-z_][\w.-]*):[ \t]+(?=[^\s'"{[\],#])/g)) {
    const start = match.index! + match[0].length;
    const value = plainValue(source, start);
    if (value === undefined) continue;
    const key = match[1]!;
    return {
      message: `the value of "${key}" (${value}) has braces inside a flow mapping { … }, where YAML reads them as a nested map: quote it, ${key}: "${value}"`,
      column: start + 1,
    };
  }
  return undefined;
}

/** The plain value starting at `start`, read with balanced braces, when it holds a `{`; else undefined. */
function plainValue(source: string, start: number): string | undefined {
  let depth = 0;
  let sawBrace = false;
  let end = start;
  for (; end < source.length; end++) {
    const char = source[end]!;
    if (char === '{') {
      depth += 1;
      sawBrace = true;
    } else if (char === '}') {
      if (depth === 0) break;
      depth -= 1;
    } else if ((char === ',' || char === '#') && depth === 0) break;
  }
  const value = source.slice(start, end).trim();
  return sawBrace && depth === 0 && value.length > 0 ? value : undefined;
}
