/** What an attempt came to, as `retryOn` and `failOn` list it. */
export interface ConditionSet {
  readonly connectFailure: boolean;
  readonly reset: boolean;
  readonly timeout: boolean;
  /** Every status ≥ 500. */
  readonly any5xx: boolean;
  readonly statuses: ReadonlySet<number>;
}

export interface BreakerSpec {
  readonly failureThreshold: number;
  readonly errorRateThreshold: number;
  readonly minRequests: number;
  readonly windowMs: number;
  readonly openForMs: number;
  readonly maxOpenForMs: number;
  readonly halfOpenMaxRequests: number;
  readonly successThreshold: number;
  readonly failOn: ConditionSet;
}

export type Jitter = 'full' | 'equal' | 'decorrelated' | 'none';

export interface RetrySpec {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** 0: a try has no own timeout. */
  readonly perTryTimeoutMs: number;
  readonly retryOn: ConditionSet;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly jitter: Jitter;
  readonly retryNonIdempotent: boolean;
  readonly maxReplayBytes: number;
  /** Retries in flight ≤ max(minConcurrency, percent × requests in flight) (Envoy's retry budget). */
  readonly budgetShare: number;
  readonly budgetMinConcurrency: number;
  /** gRPC's retry throttling: a bucket of tokens (0: off); a listed failure takes one, a good answer gives `tokenRatio`; no retry at or below half. */
  readonly budgetMaxTokens: number;
  readonly budgetTokenRatio: number;
}

export interface DeadlineSpec {
  readonly totalMs: number;
  /** Lower-case header carrying the remaining ms (sent upstream, read from the client); undefined: none. */
  readonly header: string | undefined;
}

export interface HedgeSpec {
  /** A fixed delay; undefined when `percentile` is used. */
  readonly afterMs: number | undefined;
  /** 0-1: the target's observed latency quantile. */
  readonly percentile: number | undefined;
  readonly max: number;
  readonly budgetShare: number;
}

export interface BulkheadSpec {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly queueTimeoutMs: number;
}

/**
 * A compiled fallback response: a plan Responder of one of these types. Named by its tag only
 * because a Responder holds ProxySpecs, which hold this: the engine renders it as the Responder it is.
 */
export interface FallbackResponder {
  readonly type: 'static' | 'template' | 'variants';
}

/** `fallback:` compiled: a response (static, template or variants), or one forward to another upstream (the endpoint's proxy, aimed there). */
export type FallbackSpec =
  { readonly kind: 'response'; readonly responder: FallbackResponder } | { readonly kind: 'upstream'; readonly upstream: string } | StaleFallbackSpec;

/** `fallback: { stale }`: the last good answer for the same request key, kept per endpoint (`scope`) in at most `maxBytes`. */
export interface StaleFallbackSpec {
  readonly kind: 'stale';
  readonly maxStaleMs: number;
  readonly maxBytes: number;
  readonly scope: string;
}

/**
 * An endpoint's resilience: the upstream's blocks with the endpoint's overrides applied. Runtime
 * state (breakers, bulkheads, budgets) is kept by `scope` keys, so it outlives config changes
 * that keep the settings: a block from the upstream is shared by its endpoints; one the endpoint
 * overrides is its own.
 */
export interface ResilienceSpec {
  readonly upstream: string;
  readonly breaker: BreakerSpec | undefined;
  readonly breakerScope: string;
  readonly retry: RetrySpec | undefined;
  readonly deadline: DeadlineSpec | undefined;
  readonly hedge: HedgeSpec | undefined;
  readonly bulkhead: BulkheadSpec | undefined;
  readonly bulkheadScope: string;
  readonly fallback: FallbackSpec | undefined;
}
