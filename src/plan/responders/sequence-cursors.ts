/** Positions kept per sequence: a key per job id or user is plenty; a client sending a new key per request cannot grow memory past it. */
export const MAX_SEQUENCE_KEYS = 10_000;

/**
 * Where a sequence's positions live: in this process (SequenceCursors), or shared by the workers of
 * `serve --workers` (a SQLite file), so the steps are served in order across them.
 */
export interface SequencePositions {
  /**
   * Takes the position `key` is at and moves it on, atomically: to the next step, back to 0 after
   * the last when `cycle`, else no further than `length` (exhausted).
   */
  take(key: string, length: number, cycle: boolean): number;
}

/** Opens the positions of the sequence at config path `at`, for one Plan (a reload starts sequences over). */
export type OpenSequencePositions = (at: string) => SequencePositions;

/**
 * The positions of a sequence, one per key. Keys come from requests, so there are at most
 * `MAX_SEQUENCE_KEYS`: a new key past that forgets the one used least recently (that key starts over).
 */
export class SequenceCursors implements SequencePositions {
  private readonly positions = new Map<string, number>();

  get(key: string): number {
    const position = this.positions.get(key);
    if (position === undefined) return 0;
    // Map order is insertion order: moving the key to the end keeps the least recent first.
    this.positions.delete(key);
    this.positions.set(key, position);
    return position;
  }

  take(key: string, length: number, cycle: boolean): number {
    const position = this.get(key);
    if (position < length) this.set(key, cycle ? (position + 1) % length : position + 1);
    return position;
  }

  set(key: string, position: number): void {
    if (!this.positions.has(key) && this.positions.size >= MAX_SEQUENCE_KEYS) this.positions.delete(this.positions.keys().next().value!);
    this.positions.set(key, position);
  }

  get size(): number {
    return this.positions.size;
  }
}
