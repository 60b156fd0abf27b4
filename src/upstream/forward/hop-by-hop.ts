/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1, plus the de-facto
 * proxy-connection and keep-alive), never forwarded. `expect` is answered by our own server
 * (100 Continue) and the body then streams, so it is not forwarded either; `host` is set per target.
 */
export const HOP_BY_HOP_NAMES: readonly string[] = [
  'connection',
  'proxy-connection',
  'keep-alive',
  'te',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
  'trailer',
];
const HOP_BY_HOP = new Set(HOP_BY_HOP_NAMES);

export function isHopByHop(lowerName: string): boolean {
  return HOP_BY_HOP.has(lowerName);
}

/**
 * The extra names a `Connection` header lists (lower case), which are hop-by-hop too; undefined when
 * it lists none beyond close/keep-alive, the common case, so nothing is allocated for it.
 */
export function connectionListed(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  // Nearly every backend sends exactly one of these: no split, no array (measured in the proxy's profile).
  if (value.length <= 10 && /^(keep-alive|close)$/i.test(value)) return undefined;
  let names: Set<string> | undefined;
  for (const part of value.split(',')) {
    const name = part.trim().toLowerCase();
    if (name === '' || name === 'close' || name === 'keep-alive') continue;
    (names ??= new Set()).add(name);
  }
  return names;
}
