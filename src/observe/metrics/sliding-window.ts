import type { WindowStats } from '../../contract/index.js';
import { createLatencyHistogram, percentilesOf, recordMs, type LatencyHistogram, type LatencyPercentiles } from './latency-histogram.js';

/** A window's numbers for one key (or several merged), as the API contract serves them. */
export type { WindowStats };

/**
 * How a request ended, as users tell them apart: its endpoint's own answer, a 429 from a rate
 * limit, an injected fault, or no endpoint at all. A number, so recording allocates nothing.
 */
export const Outcome = { answered: 0, rateLimited: 1, faulted: 2, unmatched: 3 } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** The sum of some slices, built for a read. */
export interface Accumulated {
  requests: number;
  errors: number;
  readonly statuses: Map<number, number>;
  /** Requests by Outcome (indexed by its number). */
  readonly outcomes: [number, number, number, number];
  /**
   * Observed latency of answered requests only: 429s and unmatched 404s take microseconds, and
   * under a rate limit they made the overall p50 read 0.02 ms while the real answers took 100.
   */
  readonly answered: LatencyHistogram;
  /**
   * Observed latency of the other requests (rate-limited, faulted, unmatched). All observed
   * latencies are this plus `answered`, summed at read time: a request is recorded once, not in
   * an "all" and an "answered" histogram both (an HDR record per request less on the hot path).
   */
  readonly unanswered: LatencyHistogram;
  readonly intended: LatencyHistogram;
}

export function createAccumulated(): Accumulated {
  return {
    requests: 0,
    errors: 0,
    statuses: new Map(),
    outcomes: [0, 0, 0, 0],
    answered: createLatencyHistogram(),
    unanswered: createLatencyHistogram(),
    intended: createLatencyHistogram(),
  };
}

export function resetAccumulated(accumulated: Accumulated): void {
  accumulated.requests = 0;
  accumulated.errors = 0;
  accumulated.statuses.clear();
  accumulated.outcomes.fill(0);
  accumulated.answered.reset();
  accumulated.unanswered.reset();
  accumulated.intended.reset();
}

/** One slice of time for one key (endpoint). Reused when its slot comes round again. */
export interface Slice extends Accumulated {
  /** floor(epochMs / sliceMs) of the time it holds. */
  index: number;
}

function addInto(into: Accumulated, from: Accumulated): void {
  into.requests += from.requests;
  into.errors += from.errors;
  for (const [status, count] of from.statuses) into.statuses.set(status, (into.statuses.get(status) ?? 0) + count);
  for (let i = 0; i < 4; i++) into.outcomes[i]! += from.outcomes[i]!;
  into.answered.add(from.answered);
  into.unanswered.add(from.unanswered);
  into.intended.add(from.intended);
}

/** Adds `from` into `into` (an endpoint's window into the overall one). */
export const addAccumulated = addInto;

/**
 * One key's requests in a ring of time slices: a request lands in the slice of its time; a slot
 * whose time has passed is handed to `evicted` (to fold into a coarser window), reset and reused,
 * so the window slides by one slice at a time and memory stays bounded (slices × three histograms).
 * Recording is O(1): two histogram records and a few counters, no allocation once a slot exists.
 */
export class SlidingWindow {
  private readonly ring: (Slice | undefined)[];

  constructor(
    readonly sliceMs: number,
    slices: number,
    private readonly evicted?: (slice: Slice, sliceStartMs: number) => void,
  ) {
    this.ring = new Array<Slice | undefined>(slices).fill(undefined);
  }

  /** The slice for `index`, made ready (an older one in its slot evicted and reset); undefined when the slot already holds a newer one. */
  private sliceFor(index: number): Slice | undefined {
    const slot = index % this.ring.length;
    let slice = this.ring[slot];
    if (slice === undefined) {
      slice = { index, ...createAccumulated() };
      this.ring[slot] = slice;
      return slice;
    }
    if (slice.index === index) return slice;
    // Reused for a newer slice already: what arrives now is older than the whole ring.
    if (slice.index > index) return undefined;
    if (slice.requests > 0) this.evicted?.(slice, slice.index * this.sliceMs);
    slice.index = index;
    resetAccumulated(slice);
    return slice;
  }

  /**
   * One finished request: positional arguments, so nothing is allocated per request.
   * `observedMs` is negative when abandoned (no answer reached the client), `intendedMs` when no
   * endpoint's behaviors were applied.
   */
  record(atMs: number, status: number, isError: boolean, observedMs: number, intendedMs: number, outcome: Outcome = Outcome.answered): void {
    const slice = this.sliceFor(Math.floor(atMs / this.sliceMs));
    if (slice === undefined) return;
    slice.requests++;
    if (isError) slice.errors++;
    slice.statuses.set(status, (slice.statuses.get(status) ?? 0) + 1);
    slice.outcomes[outcome]!++;
    if (observedMs >= 0) recordMs(outcome === Outcome.answered ? slice.answered : slice.unanswered, observedMs);
    if (intendedMs >= 0) recordMs(slice.intended, intendedMs);
  }

  /** Adds a finer window's slice that starts at `atMs` (off the request's path: once per slice and key). */
  fold(from: Accumulated, atMs: number): void {
    const slice = this.sliceFor(Math.floor(atMs / this.sliceMs));
    if (slice !== undefined) addInto(slice, from);
  }

  /** Adds the slices that start in [fromMs, toMs] into `into`; false when none held anything. */
  accumulate(fromMs: number, toMs: number, into: Accumulated): boolean {
    const first = Math.ceil(fromMs / this.sliceMs);
    const last = Math.floor(toMs / this.sliceMs);
    let found = false;
    for (const slice of this.ring) {
      if (slice === undefined || slice.index < first || slice.index > last || slice.requests === 0) continue;
      found = true;
      addInto(into, slice);
    }
    return found;
  }
}

/** A read's scratch histogram: every observed latency, `answered` plus `unanswered`. */
let allObserved: LatencyHistogram | undefined;

function observedOf(accumulated: Accumulated): LatencyHistogram {
  if (accumulated.unanswered.totalCount === 0) return accumulated.answered;
  if (accumulated.answered.totalCount === 0) return accumulated.unanswered;
  allObserved ??= createLatencyHistogram();
  allObserved.reset();
  allObserved.add(accumulated.answered);
  allObserved.add(accumulated.unanswered);
  return allObserved;
}

/** The numbers of accumulated slices over `spanMs` of time. */
export function statsOf(accumulated: Accumulated, spanMs: number): WindowStats {
  const observed = percentilesOf(observedOf(accumulated));
  const answered = percentilesOf(accumulated.answered);
  const intended = percentilesOf(accumulated.intended);
  const [answeredCount, rateLimited, faulted, unmatched] = accumulated.outcomes;
  const statuses: Record<string, number> = {};
  for (const status of [...accumulated.statuses.keys()].sort((a, b) => a - b)) statuses[String(status)] = accumulated.statuses.get(status)!;
  return {
    requests: accumulated.requests,
    rps: spanMs > 0 ? Math.round((accumulated.requests / (spanMs / 1000)) * 1000) / 1000 : 0,
    errors: accumulated.errors,
    errorRate: accumulated.requests > 0 ? Math.round((accumulated.errors / accumulated.requests) * 10_000) / 10_000 : 0,
    rateLimited,
    outcomes: { answered: answeredCount, rateLimited, faulted, unmatched },
    statuses,
    ...(observed ? { observed } : {}),
    ...(answered ? { answered } : {}),
    ...(intended ? { intended } : {}),
  };
}
