/**
 * A value as text with object keys sorted, for comparing JSON-like values: own enumerable keys
 * only (what goes on the wire), built as text so a "__proto__" key is written, never assigned.
 * Prototypes other than Object's and Array's are marked, so a value that only looks equal is not.
 */
export function canonicalText(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  const proto = Object.getPrototypeOf(value) as unknown;
  const mark = proto === Object.prototype || proto === null ? '' : `<proto ${canonicalText(proto)}>`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalText((value as Record<string, unknown>)[key])}`);
  return `${mark}{${entries.join(',')}}`;
}
