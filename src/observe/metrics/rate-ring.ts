/** Whole seconds the current rate counts: short enough to follow a load test, long enough not to flicker. */
export const CURRENT_RATE_SECONDS = 5;
const SLOTS = CURRENT_RATE_SECONDS + 2;

/**
 * Counts of the last few seconds, one slot per second (O(1) per request, no allocation). The
 * 1-minute window's rate is an average: at the start of a steady 38 rps load it read 7.6/s, so the
 * console shows this beside it.
 */
export class RateRing {
  private readonly seconds = new Float64Array(SLOTS).fill(-1);
  private readonly requests = new Uint32Array(SLOTS);
  private readonly errors = new Uint32Array(SLOTS);
  private readonly rateLimited = new Uint32Array(SLOTS);

  record(atMs: number, isError: boolean, isRateLimited: boolean): void {
    const second = Math.floor(atMs / 1000);
    const slot = second % SLOTS;
    if (this.seconds[slot] !== second) {
      if (this.seconds[slot]! > second) return; // older than the ring
      this.seconds[slot] = second;
      this.requests[slot] = 0;
      this.errors[slot] = 0;
      this.rateLimited[slot] = 0;
    }
    this.requests[slot]!++;
    if (isError) this.errors[slot]!++;
    if (isRateLimited) this.rateLimited[slot]!++;
  }

  /** Sums over the CURRENT_RATE_SECONDS whole seconds before the one `nowMs` is in. */
  read(nowMs: number): { requests: number; errors: number; rateLimited: number } {
    const current = Math.floor(nowMs / 1000);
    const sum = { requests: 0, errors: 0, rateLimited: 0 };
    for (let slot = 0; slot < SLOTS; slot++) {
      const second = this.seconds[slot]!;
      if (second < current - CURRENT_RATE_SECONDS || second >= current) continue;
      sum.requests += this.requests[slot]!;
      sum.errors += this.errors[slot]!;
      sum.rateLimited += this.rateLimited[slot]!;
    }
    return sum;
  }
}
