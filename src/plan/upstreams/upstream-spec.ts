import type { RenderTemplate } from '../templates/types.js';
import type { ResilienceSpec } from './resilience-spec.js';

/** One backend of an upstream: its origin (scheme://host:port) and the path prefix its URL carries. */
export interface TargetSpec {
  /** The target as configured; its identity across reloads. */
  readonly url: string;
  readonly origin: string;
  /** '' or a prefix without a trailing slash ("/api"). */
  readonly basePath: string;
  /** The Host header sent to it (unless preserveHost). */
  readonly host: string;
  readonly weight: number;
}

export type BalanceSpec =
  | { readonly kind: 'round-robin' }
  | { readonly kind: 'weighted-round-robin' }
  | { readonly kind: 'random' }
  | { readonly kind: 'least-connections' }
  | { readonly kind: 'latency-adaptive' }
  | { readonly kind: 'consistent-hash'; readonly key: HashKey; readonly virtualNodes: number };

export type HashKey =
  | { readonly kind: 'client' }
  | { readonly kind: 'session' }
  | { readonly kind: 'path' }
  | { readonly kind: 'header' | 'cookie' | 'query'; readonly name: string };

export interface TlsSpec {
  readonly ca: Buffer | undefined;
  readonly cert: Buffer | undefined;
  readonly key: Buffer | undefined;
  readonly servername: string | undefined;
  readonly insecure: boolean;
}

export interface PoolSpec {
  readonly connections: number;
  /** Requests that may wait for a connection, summed over the targets (pool.maxPending). */
  readonly maxPending: number;
  readonly keepAliveMs: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
}

export interface ActiveHealthSpec {
  readonly path: string;
  readonly method: 'GET' | 'HEAD' | 'OPTIONS';
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly statusMin: number;
  readonly statusMax: number;
  readonly expectBody: string | undefined;
  readonly healthyAfter: number;
  readonly unhealthyAfter: number;
  readonly jitter: number;
}

export interface OutlierSpec {
  readonly consecutive5xx: number;
  readonly consecutiveFailures: number;
  readonly baseEjectionMs: number;
  readonly maxEjectionMs: number;
  readonly maxEjectedShare: number;
  readonly panicShare: number;
}

/** An upstream compiled: what the upstream registry builds pools, balancers and health from. */
export interface UpstreamSpec {
  readonly id: string;
  readonly targets: readonly TargetSpec[];
  readonly tls: TlsSpec;
  readonly pool: PoolSpec;
  readonly balance: BalanceSpec;
  readonly active: ActiveHealthSpec | undefined;
  readonly outlier: OutlierSpec;
  /**
   * Text identifying every setting but the targets: two specs with the same fingerprint can share
   * a runtime upstream (pools, health, counters) across a config change.
   */
  readonly fingerprint: string;
}

export type PathRewrite =
  { readonly kind: 'keep' } | { readonly kind: 'strip'; readonly prefix: string } | { readonly kind: 'template'; readonly render: RenderTemplate };

/** An endpoint's `proxy:` (or `server.unmatched.proxy`) compiled. */
export interface ProxySpec {
  /** The upstream id; a `url:` proxy names an implicit single-target upstream (`url:<href>`). */
  readonly upstream: string;
  readonly rewrite: PathRewrite;
  /** Flat [name, value, …], names lower case. */
  readonly setHeaders: readonly string[];
  /** Lower-case names removed (set headers are removed first, then added). */
  readonly removeHeaders: ReadonlySet<string>;
  readonly preserveHost: boolean;
  readonly forwardedHeaders: boolean;
  /** Whole exchange, from sending to the last response byte; 0 means the pool's timeouts only. */
  readonly timeoutMs: number;
  /** Retries, breaker, deadline, hedging, bulkhead and fallback (upstream/policies); absent: forwarded once, directly. */
  readonly resilience?: ResilienceSpec;
}
