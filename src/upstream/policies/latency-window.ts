import { quantileOf } from '../../distributions/index.js';
import type { TargetState } from '../target-state.js';

const SIZE = 512;
const REFRESH_EVERY = 32;
/** Quantiles are not trusted before this many samples. */
const MIN_SAMPLES = 20;

/**
 * The last 512 answer times of a target, for `hedge.after: p95`: quantiles are recomputed
 * every 32 samples (a sort of 512 numbers), so a request reads a cached number.
 */
export class LatencyWindow {
  readonly #samples = new Float64Array(SIZE);
  #count = 0;
  #sinceRefresh = 0;
  readonly #cache = new Map<number, number>();

  observe(ms: number): void {
    this.#samples[this.#count % SIZE] = ms;
    this.#count++;
    if (++this.#sinceRefresh >= REFRESH_EVERY) {
      this.#sinceRefresh = 0;
      this.#cache.clear();
    }
  }

  /** The p-quantile of the window, or undefined before 20 samples were seen. */
  quantile(p: number): number | undefined {
    if (this.#count < MIN_SAMPLES) return undefined;
    let value = this.#cache.get(p);
    if (value === undefined) {
      const sorted = this.#samples.slice(0, Math.min(this.#count, SIZE)).sort();
      value = quantileOf(sorted, p);
      this.#cache.set(p, value);
    }
    return value;
  }
}

/** A LatencyWindow per target ("the target's observed percentile"), made on first use. */
export class TargetLatencies {
  readonly #windows = new WeakMap<TargetState, LatencyWindow>();

  of(target: TargetState): LatencyWindow {
    let window = this.#windows.get(target);
    if (window === undefined) {
      window = new LatencyWindow();
      this.#windows.set(target, window);
    }
    return window;
  }
}
