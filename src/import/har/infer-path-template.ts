/** Segments that name one item of many: the parts of a recorded path a template generalises. */
const ID_LIKE = [
  /^\d+$/, // 42
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // a UUID
  /^[0-9a-f]{16,}$/i, // a hex hash or object id (MongoDB ids are 24)
  /^[A-Za-z0-9_-]{20,}$/, // base64url tokens, ULIDs, nanoids
];

export const isIdLike = (segment: string): boolean => ID_LIKE.some((pattern) => pattern.test(segment)) && !/^[a-z]+$/i.test(segment);

/**
 * The path template of a recorded path: id-like segments (numbers, UUIDs, hashes, long tokens)
 * become parameters named after the segment before them (`/users/42/orders/7` →
 * `/users/{userId}/orders/{orderId}`); the rest stays literal. Segments are kept as recorded
 * (percent-encoded), except those holding template syntax, which match their text exactly.
 */
export function inferPathTemplate(path: string): { template: string; params: string[] } {
  const segments = path.split('/').slice(1);
  const params: string[] = [];
  const out = segments.map((segment, i) => {
    if (!isIdLike(segment)) return /[{}*]/.test(segment) ? `{s${i}:${segment.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}}` : segment;
    const before = i > 0 ? segments[i - 1]! : '';
    let name =
      /^[A-Za-z][A-Za-z_-]*$/.test(before) && !isIdLike(before) ? `${singular(before).replace(/[-_]+([a-z])/gi, (_, c: string) => c.toUpperCase())}Id` : 'id';
    const base = name;
    for (let n = 2; params.includes(name); n++) name = `${base}${n}`;
    params.push(name);
    return `{${name}}`;
  });
  return { template: `/${out.join('/')}`, params };
}

function singular(word: string): string {
  const lower = word.toLowerCase();
  if (lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  if (lower.endsWith('ses') || lower.endsWith('xes')) return lower.slice(0, -2);
  return lower.endsWith('s') && !lower.endsWith('ss') ? lower.slice(0, -1) : lower;
}
