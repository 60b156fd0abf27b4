import { describe, expect, it } from 'vitest';
import { MAX_SEQUENCE_KEYS, SequenceCursors } from './sequence-cursors.js';

describe('SequenceCursors', () => {
  it('starts every key at 0 and keeps each position apart', () => {
    const cursors = new SequenceCursors();
    cursors.set('a', 2);
    expect(cursors.get('a')).toBe(2);
    expect(cursors.get('b')).toBe(0);
  });

  it(`keeps at most ${MAX_SEQUENCE_KEYS} keys, forgetting the least recently used one first`, () => {
    const cursors = new SequenceCursors();
    for (let i = 0; i < MAX_SEQUENCE_KEYS; i++) cursors.set(`k${i}`, 1);
    cursors.get('k0'); // used again: now the most recent
    cursors.set('new', 1);
    expect(cursors.size).toBe(MAX_SEQUENCE_KEYS);
    expect(cursors.get('k0')).toBe(1);
    expect(cursors.get('k1')).toBe(0);
    for (let i = 0; i < 3 * MAX_SEQUENCE_KEYS; i++) cursors.set(`flood${i}`, 1);
    expect(cursors.size).toBe(MAX_SEQUENCE_KEYS);
  });
});
