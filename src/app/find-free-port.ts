import { createServer } from 'node:net';

/**
 * The first port from `from` (at most `tries` of them) that `host` can bind now, else 0 (the system
 * picks one). A second instance then gets the admin port next to its own data port instead of
 * failing on the fixed 8081; the port may be taken between this check and the bind, which then
 * fails as any taken port does.
 */
export async function findFreePort(from: number, host: string, tries = 10): Promise<number> {
  for (let port = from; port < from + tries && port <= 65535; port += 1) {
    if (await canBind(port, host)) return port;
  }
  return 0;
}

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
