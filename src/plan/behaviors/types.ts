import type { LatencySampler } from '../../distributions/index.js';
import type { Responder } from '../responders/types.js';

/** How a body is corrupted by a `corrupt` fault. */
export type Corruption =
  | { readonly mode: 'truncate'; readonly keepFraction: number }
  | { readonly mode: 'replace'; readonly find: string; readonly with: string }
  | { readonly mode: 'garbage'; readonly bytes: number }
  | { readonly mode: 'invalid-json' };

/** One configured fault, compiled. `status` and `error-in-payload` carry their own response. */
export type Fault =
  | { readonly kind: 'status'; readonly responder: Responder }
  | { readonly kind: 'error-in-payload'; readonly responder: Responder }
  | { readonly kind: 'corrupt'; readonly corruption: Corruption }
  /** `afterBytes`: body bytes sent before the reset; undefined: half the body. */
  | { readonly kind: 'reset'; readonly afterBytes: number | undefined }
  | { readonly kind: 'empty' }
  | { readonly kind: 'hang'; readonly maxMs: number }
  | { readonly kind: 'dribble'; readonly chunks: number; readonly overMs: number };

/** Faults with cumulative rates: a draw below `cumulativeRates[i]` (and above the previous) picks `faults[i]`. */
export interface FaultTable {
  readonly faults: readonly Fault[];
  readonly cumulativeRates: readonly number[];
  /** Labels for debug headers and the journal: `status:503`, `reset`, … */
  readonly labels: readonly string[];
}

/** A parsed rateLimit block; the engine keeps the buckets. */
export interface RateLimitSpec {
  readonly tokensPerSecond: number;
  readonly burst: number;
  /** Where the bucket key comes from. */
  readonly key: { readonly kind: 'endpoint' | 'global' | 'client' | 'session' } | { readonly kind: 'header' | 'query'; readonly name: string };
  /** Buckets with the same name share tokens across endpoints; otherwise the endpoint id names them. */
  readonly bucket: string;
  readonly maxKeys: number;
  /** `instance`: a bucket in each instance even when Redis shares the others. */
  readonly scope: 'cluster' | 'instance';
  /** The answer when the bucket is empty (status 429 unless configured). */
  readonly rejection: Responder;
  /** The rate as written ("100/s"), for the RateLimit-Policy header. */
  readonly windowSeconds: number;
  readonly quota: number;
}

/** The behaviors in force for one endpoint at one moment (after precedence was applied). */
export interface Behavior {
  readonly latency: LatencySampler | undefined;
  /** `latency.mode: total` on a proxied endpoint: the backend's time counts toward the sampled latency (mocks always count so). */
  readonly latencyTotal?: boolean;
  readonly faults: FaultTable | undefined;
  readonly rateLimit: RateLimitSpec | undefined;
  readonly bandwidthBytesPerSecond: number | undefined;
  /** Buckets shared by a whole workflow (its own `rateLimit`), taken from after `rateLimit`; empty when none. */
  readonly sharedLimits: readonly RateLimitSpec[];
}

/** A schedule window's effect: its behaviors and, optionally, a replacement response or status. */
export interface WindowBehavior {
  readonly name: string;
  readonly behavior: Behavior;
  readonly responder: Responder | undefined;
  readonly status: number | undefined;
}
