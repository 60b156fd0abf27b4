import type { BenchLatency } from './mimicus-config.js';

/** What bench/fidelity-server.mjs reads from FIDELITY_SPEC (see the comment at its top). */
export interface FidelityServerSpec {
  path: string;
  seed: number;
  latency?: BenchLatency;
  body?: string;
  bodyBytes?: number;
  rateLimit?: { perSecond: number; burst: number };
  bandwidthBytesPerSecond?: number;
  /** A window that opens `switchAfterMs` after the server started, with its own latency. */
  schedule?: { switchAfterMs: number; latency: BenchLatency };
}
