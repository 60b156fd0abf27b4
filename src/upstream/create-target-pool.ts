import { createRequire } from 'node:module';
import type { Pool } from 'undici';
import type { PoolSpec, TargetSpec, TlsSpec } from '../plan/index.js';

// undici is loaded with the first upstream pool: a config that proxies nothing never loads it (~0.1 s of a start).
const require = createRequire(import.meta.url);

/** One undici Pool per target: keep-alive connections, the upstream's timeouts and TLS settings. */
export function createTargetPool(target: TargetSpec, pool: PoolSpec, tls: TlsSpec): Pool {
  const https = target.origin.startsWith('https:');
  const { Pool: PoolClass } = require('undici') as typeof import('undici');
  return new PoolClass(target.origin, {
    connections: pool.connections,
    pipelining: 1,
    keepAliveTimeout: pool.keepAliveMs,
    keepAliveMaxTimeout: Math.max(pool.keepAliveMs, 600_000),
    headersTimeout: pool.headersTimeoutMs,
    bodyTimeout: pool.bodyTimeoutMs,
    connectTimeout: pool.connectTimeoutMs,
    // Bodies are streamed, never held: a response is as large as the backend sends.
    ...(https
      ? {
          connect: {
            rejectUnauthorized: !tls.insecure,
            ...(tls.ca ? { ca: tls.ca } : {}),
            ...(tls.cert ? { cert: tls.cert } : {}),
            ...(tls.key ? { key: tls.key } : {}),
            ...(tls.servername ? { servername: tls.servername } : {}),
          },
        }
      : {}),
  });
}
