/**
 * Envoy's retry budget for one upstream: retries in flight stay at most
 * max(minConcurrency, share × requests in flight), so when every target fails the retries
 * cannot multiply the load (a retry storm).
 */
export class RetryBudget {
  active = 0;
  retries = 0;
  /** Retries refused by the budget, for metrics. */
  refused = 0;

  tryAcquire(share: number, minConcurrency: number): boolean {
    if (this.retries < Math.max(minConcurrency, share * this.active)) {
      this.retries++;
      return true;
    }
    this.refused++;
    return false;
  }

  release(): void {
    this.retries--;
  }
}
