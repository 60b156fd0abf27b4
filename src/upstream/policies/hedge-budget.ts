/** The budget counts requests and hedges over this window, in 1-second buckets. */
const WINDOW_SECONDS = 10;
const BUCKET_MS = 1_000;

/**
 * Hedges allowed for one upstream: at most `share` of the requests of the last 10 seconds
 * (Finagle's backup-request budget: deposits that expire). A token bucket that saves up over an
 * unbounded past lets a quiet hour pay for a burst of hedges; here what was not spent expires, and
 * hedges over the last 10 s stay within the share of its requests.
 */
export class HedgeBudget {
  readonly #requests = new Float64Array(WINDOW_SECONDS);
  readonly #hedges = new Float64Array(WINDOW_SECONDS);
  /** The bucket (clock ms / 1000) the ring's newest slot holds. */
  #bucket = -Infinity;

  /** A request that may hedge: it adds `share` to what may be spent. */
  deposit(nowMs: number): void {
    this.#requests[this.#roll(nowMs)]!++;
  }

  /** Spends one hedge when the window allows it. */
  take(nowMs: number, share: number): boolean {
    const slot = this.#roll(nowMs);
    let requests = 0;
    let hedges = 0;
    for (let i = 0; i < WINDOW_SECONDS; i++) {
      requests += this.#requests[i]!;
      hedges += this.#hedges[i]!;
    }
    if (hedges + 1 > share * requests) return false;
    this.#hedges[slot]!++;
    return true;
  }

  /** The slot of `nowMs`, clearing the buckets that left the window since the last call. */
  #roll(nowMs: number): number {
    const bucket = Math.floor(nowMs / BUCKET_MS);
    if (bucket > this.#bucket) {
      const stale = Math.min(WINDOW_SECONDS, bucket - this.#bucket);
      for (let i = 0; i < stale; i++) {
        const slot = slotOf(bucket - i);
        this.#requests[slot] = 0;
        this.#hedges[slot] = 0;
      }
      this.#bucket = bucket;
    }
    return slotOf(bucket);
  }
}

const slotOf = (bucket: number): number => ((bucket % WINDOW_SECONDS) + WINDOW_SECONDS) % WINDOW_SECONDS;
