import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.1` (IPv4 seen through an IPv6 socket) is `10.0.0.1` to users and to their CIDRs. */
const unmapped = (address: string): string => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/**
 * Who the client is, for the `client` scope and `client` rate limits: the socket's remote address,
 * unless that address is a configured trusted proxy; then X-Forwarded-For is read from the right
 * (the hop our proxy added) past every trusted address, and the first untrusted one is the client.
 * Untrusted peers' X-Forwarded-For is ignored: any client can send one.
 */
export function createClientAddressResolver(trustedProxies: readonly string[]): (socketAddress: string, forwardedFor: string | string[] | undefined) => string {
  if (trustedProxies.length === 0) return (socketAddress) => unmapped(socketAddress);
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) trusted.addAddress(address!, family);
    else trusted.addSubnet(address!, Number(prefix), family);
  }
  const isTrusted = (address: string): boolean => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (socketAddress, forwardedFor) => {
    let client = unmapped(socketAddress);
    if (!isTrusted(client) || forwardedFor === undefined) return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((hop) => unmapped(hop.trim()))
      .filter((hop) => hop !== '');
    for (let i = hops.length - 1; i >= 0; i--) {
      client = hops[i]!;
      if (!isTrusted(client)) break;
    }
    return client;
  };
}
