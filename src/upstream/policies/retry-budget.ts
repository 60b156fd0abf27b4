import type { RetrySpec } from '../../plan/index.js';

type BudgetSpec = Pick<RetrySpec, 'budgetShare' | 'budgetMinConcurrency' | 'budgetMaxTokens' | 'budgetTokenRatio'>;

/**
 * The retry budget of one upstream, two bounds that must both allow a retry:
 *
 * - Envoy's concurrency share: retries in flight stay at most max(minConcurrency, share × requests
 *   in flight), so a burst of failures under load cannot multiply the load;
 * - gRPC's retry throttling: a bucket of `maxTokens`, full at first; an attempt that fails in a way
 *   retryOn lists takes one token, a good answer gives back `tokenRatio`; retries stop while the
 *   bucket is at or below half. Envoy's floor alone lets every retry through at low concurrency
 *   (one request in flight, three retries allowed): when every target fails, only the bucket
 *   stops the retries, after about maxTokens / 2 of them, until good answers refill it.
 */
export class RetryBudget {
  active = 0;
  retries = 0;
  /** Undefined until the first verdict: full (maxTokens). */
  #tokens: number | undefined;

  /** Whether one more retry may start now; when true it is counted until release(). */
  tryAcquire(spec: BudgetSpec): boolean {
    if (this.retries >= Math.max(spec.budgetMinConcurrency, spec.budgetShare * this.active)) return false;
    if (spec.budgetMaxTokens > 0 && this.tokens(spec) <= spec.budgetMaxTokens / 2) return false;
    this.retries++;
    return true;
  }

  release(): void {
    this.retries--;
  }

  /** An attempt's verdict for the throttle: a failure retryOn lists, or a good answer (below 500). */
  record(spec: BudgetSpec, failed: boolean): void {
    if (spec.budgetMaxTokens === 0) return;
    const tokens = this.tokens(spec);
    this.#tokens = failed ? Math.max(0, tokens - 1) : Math.min(spec.budgetMaxTokens, tokens + spec.budgetTokenRatio);
  }

  /** The bucket now (a config change that shrinks maxTokens clamps it). */
  tokens(spec: BudgetSpec): number {
    return Math.min(this.#tokens ?? spec.budgetMaxTokens, spec.budgetMaxTokens);
  }
}
