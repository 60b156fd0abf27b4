/** Positions kept per sequence: a key per job id or user is plenty; a client sending a new key per request cannot grow memory past it. */
export const MAX_SEQUENCE_KEYS = 10_000;

/**
 * The positions of a sequence, one per key. Keys come from requests, so there are at most
 * `MAX_SEQUENCE_KEYS`: a new key past that forgets the one used least recently (that key starts over).
 */
export class SequenceCursors {
  private readonly positions = new Map<string, number>();

  get(key: string): number {
    const position = this.positions.get(key);
    if (position === undefined) return 0;
    // Map order is insertion order: moving the key to the end keeps the least recent first.
    this.positions.delete(key);
    this.positions.set(key, position);
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
