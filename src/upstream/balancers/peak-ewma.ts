/** How fast an observation is forgotten: after DECAY_MS without news, a cost is down to 1/e. */
const DECAY_MS = 1_000;

/**
 * Peak-EWMA of response time (Finagle, Linkerd): a slower observation is taken at once, a faster one
 * blends in over time. Read back, the value decays with the time since the last observation, so a
 * target that was slow and got no traffic looks cheap again after a while and is probed once more;
 * if still slow, its first answer puts it back up at once.
 */
export class PeakEwma {
  #valueMs = 0;
  #updatedAt: number;

  constructor(private readonly now: () => number) {
    this.#updatedAt = now();
  }

  observe(rttMs: number): void {
    const now = this.now();
    const current = this.#decayed(now);
    if (rttMs > current) this.#valueMs = rttMs;
    else {
      const w = Math.exp(-Math.max(0, now - this.#updatedAt) / DECAY_MS);
      this.#valueMs = current * w + rttMs * (1 - w);
    }
    this.#updatedAt = now;
  }

  /** The estimate now. */
  valueMs(): number {
    return this.#decayed(this.now());
  }

  #decayed(now: number): number {
    return this.#valueMs * Math.exp(-Math.max(0, now - this.#updatedAt) / DECAY_MS);
  }
}
