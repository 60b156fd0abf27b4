const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Minute buckets kept: the longest burn-rate window (6 h). */
export const RECENT_MINUTES = 360;

/** Requests and bad ones over some span. */
export interface EventCount {
  requests: number;
  bad: number;
}

/** A ring's used slots as [stamp, requests, bad] rows: minutes and hours since the epoch. */
export interface RingDump {
  readonly minutes: readonly (readonly number[])[];
  readonly hours: readonly (readonly number[])[];
}

/** Slots of a ring: requests and bad ones per slot, and which minute or hour each slot holds now. */
class Slots {
  readonly requests: Float64Array;
  readonly bad: Float64Array;
  /** The minute (or hour) since the epoch a slot counts; -1 while unused. */
  readonly stamps: Float64Array;

  constructor(readonly size: number) {
    this.requests = new Float64Array(size);
    this.bad = new Float64Array(size);
    this.stamps = new Float64Array(size).fill(-1);
  }

  add(stamp: number, bad: boolean): void {
    const slot = stamp % this.size;
    const held = this.stamps[slot]!;
    if (held !== stamp) {
      // An event older than what the slot holds now fell out of the ring already.
      if (held > stamp) return;
      this.stamps[slot] = stamp;
      this.requests[slot] = 0;
      this.bad[slot] = 0;
    }
    this.requests[slot]! += 1;
    if (bad) this.bad[slot]! += 1;
  }

  /** Adds the slots of stamps `last - count + 1` to `last` into `into`. */
  sum(last: number, count: number, into: EventCount): EventCount {
    const first = last - Math.min(count, this.size) + 1;
    for (let slot = 0; slot < this.size; slot++) {
      const stamp = this.stamps[slot]!;
      if (stamp < first || stamp > last) continue;
      into.requests += this.requests[slot]!;
      into.bad += this.bad[slot]!;
    }
    return into;
  }

  /** The slots in use, as [stamp, requests, bad] rows (what is saved across a restart). */
  rows(): [number, number, number][] {
    const rows: [number, number, number][] = [];
    for (let slot = 0; slot < this.size; slot++) if (this.stamps[slot]! >= 0) rows.push([this.stamps[slot]!, this.requests[slot]!, this.bad[slot]!]);
    return rows;
  }

  /**
   * Adds saved rows to these slots: a slot holding the same stamp sums them (events counted since
   * the start, plus those from before the restart). Rows that are not plain counts, or stamped after
   * `lastStamp` (a clock that went back would otherwise freeze a slot), are skipped.
   */
  merge(rows: readonly (readonly number[])[], lastStamp: number): void {
    for (const [stamp, requests, bad] of rows) {
      if (!Number.isSafeInteger(stamp) || stamp! < 0 || stamp! > lastStamp) continue;
      if (!(requests! >= 0 && bad! >= 0 && bad! <= requests! && Number.isFinite(requests))) continue;
      const slot = stamp! % this.size;
      const held = this.stamps[slot]!;
      if (held > stamp!) continue;
      if (held < stamp!) {
        this.stamps[slot] = stamp!;
        this.requests[slot] = 0;
        this.bad[slot] = 0;
      }
      this.requests[slot]! += requests!;
      this.bad[slot]! += bad!;
    }
  }

  /** Copies what `from` holds into these slots (a window that changed length keeps its history). */
  copy(from: Slots): void {
    for (let slot = 0; slot < from.size; slot++) {
      const stamp = from.stamps[slot]!;
      if (stamp < 0) continue;
      const to = stamp % this.size;
      if (this.stamps[to]! > stamp) continue;
      this.stamps[to] = stamp;
      this.requests[to] = from.requests[slot]!;
      this.bad[to] = from.bad[slot]!;
    }
  }
}

/**
 * Good and bad events of one objective over a long window in fixed memory: per-minute counts for
 * the last 6 hours (burn rates) and per-hour counts for the window (SLI and error budget). A request
 * costs two slot updates and allocates nothing; memory is (360 + window hours) × 24 bytes, 26 KiB
 * for 30 days.
 */
export class EventRing {
  private readonly minutes = new Slots(RECENT_MINUTES);
  private readonly hours: Slots;

  constructor(readonly windowHours: number) {
    this.hours = new Slots(windowHours);
  }

  record(atMs: number, bad: boolean): void {
    if (!(atMs >= 0)) return;
    this.minutes.add(Math.floor(atMs / MINUTE_MS), bad);
    this.hours.add(Math.floor(atMs / HOUR_MS), bad);
  }

  /** The last `minutes` minutes up to `nowMs`, the current minute included (at most 360). */
  recent(nowMs: number, minutes: number): EventCount {
    return this.minutes.sum(Math.floor(nowMs / MINUTE_MS), minutes, { requests: 0, bad: 0 });
  }

  /** The window up to `nowMs` in whole hours, the current hour included. */
  window(nowMs: number): EventCount {
    return this.hours.sum(Math.floor(nowMs / HOUR_MS), this.windowHours, { requests: 0, bad: 0 });
  }

  /** What the ring counted, to save across a restart. */
  dump(): RingDump {
    return { minutes: this.minutes.rows(), hours: this.hours.rows() };
  }

  /** Adds what a ring counted before a restart (a dump, as read back from the data dir) at `nowMs`. */
  restore(dump: RingDump, nowMs: number): void {
    this.minutes.merge(dump.minutes, Math.floor(nowMs / MINUTE_MS));
    this.hours.merge(dump.hours, Math.floor(nowMs / HOUR_MS));
  }

  /** A ring over another window holding what this one counted. */
  resized(windowHours: number): EventRing {
    const ring = new EventRing(windowHours);
    ring.minutes.copy(this.minutes);
    ring.hours.copy(this.hours);
    return ring;
  }
}
