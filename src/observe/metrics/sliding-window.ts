import { createLatencyHistogram, percentilesOf, recordMs, type LatencyHistogram, type LatencyPercentiles } from './latency-histogram.js';

/** One slice of time for one key (endpoint): counts and two latency histograms. Reused when its slot comes round again. */
interface Slice {
  /** floor(epochMs / sliceMs) of the time it holds; -1 when empty. */
  index: number;
  requests: number;
  errors: number;
  readonly statuses: Map<number, number>;
  /** Arrival to last byte, as the client saw it. */
  readonly observed: LatencyHistogram;
  /** The delay the engine sampled (what was configured). */
  readonly intended: LatencyHistogram;
}

/** A window's numbers for one key (or several merged). */
export interface WindowStats {
  readonly requests: number;
  readonly rps: number;
  readonly errors: number;
  readonly errorRate: number;
  /** Status code → count. */
  readonly statuses: Record<string, number>;
  readonly observed?: LatencyPercentiles;
  readonly intended?: LatencyPercentiles;
}

/** The sum of some slices, built for a read. */
export interface Accumulated {
  requests: number;
  errors: number;
  readonly statuses: Map<number, number>;
  readonly observed: LatencyHistogram;
  readonly intended: LatencyHistogram;
}

export function createAccumulated(): Accumulated {
  return { requests: 0, errors: 0, statuses: new Map(), observed: createLatencyHistogram(), intended: createLatencyHistogram() };
}

export function resetAccumulated(accumulated: Accumulated): void {
  accumulated.requests = 0;
  accumulated.errors = 0;
  accumulated.statuses.clear();
  accumulated.observed.reset();
  accumulated.intended.reset();
}

/**
 * The last `slices × sliceMs` of one key's requests in a ring of slices: a request lands in the
 * slice of its arrival time; a slot whose time has passed is reset and reused, so the window slides
 * by one slice at a time and memory stays bounded (slices × two histograms). Recording is
 * O(1): two histogram records and a few counters, no allocation once a slot exists.
 */
export class SlidingWindow {
  private readonly ring: (Slice | undefined)[];

  constructor(
    private readonly sliceMs: number,
    slices: number,
  ) {
    this.ring = new Array<Slice | undefined>(slices).fill(undefined);
  }

  /**
   * One finished request: positional arguments, so nothing is allocated per request.
   * `observedMs` is negative when abandoned (no answer reached the client), `intendedMs` when no
   * endpoint's behaviors were applied.
   */
  record(atMs: number, status: number, isError: boolean, observedMs: number, intendedMs: number): void {
    const index = Math.floor(atMs / this.sliceMs);
    const slot = index % this.ring.length;
    let slice = this.ring[slot];
    if (slice === undefined) {
      slice = { index, requests: 0, errors: 0, statuses: new Map(), observed: createLatencyHistogram(), intended: createLatencyHistogram() };
      this.ring[slot] = slice;
    } else if (slice.index !== index) {
      // A slot already reused for a newer slice: this request is older than the whole window.
      if (slice.index > index) return;
      slice.index = index;
      slice.requests = 0;
      slice.errors = 0;
      slice.statuses.clear();
      slice.observed.reset();
      slice.intended.reset();
    }
    slice.requests++;
    if (isError) slice.errors++;
    slice.statuses.set(status, (slice.statuses.get(status) ?? 0) + 1);
    if (observedMs >= 0) recordMs(slice.observed, observedMs);
    if (intendedMs >= 0) recordMs(slice.intended, intendedMs);
  }

  /** Adds the slices `firstSlice..lastSlice` (indexes of slice times) into `into`; false when none held anything. */
  accumulate(firstSlice: number, lastSlice: number, into: Accumulated): boolean {
    let found = false;
    for (const slice of this.ring) {
      if (slice === undefined || slice.index < firstSlice || slice.index > lastSlice || slice.requests === 0) continue;
      found = true;
      into.requests += slice.requests;
      into.errors += slice.errors;
      for (const [status, count] of slice.statuses) into.statuses.set(status, (into.statuses.get(status) ?? 0) + count);
      into.observed.add(slice.observed);
      into.intended.add(slice.intended);
    }
    return found;
  }
}

/** The numbers of accumulated slices over `spanMs` of time. */
export function statsOf(accumulated: Accumulated, spanMs: number): WindowStats {
  const observed = percentilesOf(accumulated.observed);
  const intended = percentilesOf(accumulated.intended);
  const statuses: Record<string, number> = {};
  for (const status of [...accumulated.statuses.keys()].sort((a, b) => a - b)) statuses[String(status)] = accumulated.statuses.get(status)!;
  return {
    requests: accumulated.requests,
    rps: spanMs > 0 ? Math.round((accumulated.requests / (spanMs / 1000)) * 1000) / 1000 : 0,
    errors: accumulated.errors,
    errorRate: accumulated.requests > 0 ? Math.round((accumulated.errors / accumulated.requests) * 10_000) / 10_000 : 0,
    statuses,
    ...(observed ? { observed } : {}),
    ...(intended ? { intended } : {}),
  };
}
