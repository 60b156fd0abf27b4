import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteSequencePositions, type SequenceGeneration } from '../../src/workers/sqlite-sequence-positions.js';

describe('sequence positions in a SQLite file shared by workers', () => {
  it('continues one position across two handles of the file, per generation, and forgets older generations', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mimicus-sequences-')), 'sequences.sqlite');
    const generation: { -readonly [K in keyof SequenceGeneration]: SequenceGeneration[K] } = { run: 'r1', change: 0 };
    const [one, two] = await Promise.all([0, 1].map(() => openSqliteSequencePositions(file, () => ({ ...generation }))));
    const a = one!.open('endpoints[0]');
    const b = two!.open('endpoints[0]');
    // Three steps, `after: last`: the handles take turns and walk 0, 1, 2, then stay exhausted at 3.
    expect([a, b, a, b, a].map((positions) => positions.take('', 3, false))).toEqual([0, 1, 2, 3, 3]);
    // Cycling, and keys apart.
    const c = one!.open('endpoints[1]');
    const d = two!.open('endpoints[1]');
    expect([c, d, c, d].map((positions) => positions.take('job-1', 2, true))).toEqual([0, 1, 0, 1]);
    expect(d.take('job-2', 2, true)).toBe(0);

    // The next Plan starts over.
    generation.change = 5;
    const next = two!.open('endpoints[0]');
    expect(next.take('', 3, false)).toBe(0);
    expect(one!.open('endpoints[0]').take('', 3, false)).toBe(1);
    one!.close();
    two!.close();
  });

  it('keeps at most 10,000 keys per sequence, forgetting the least recently used first', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mimicus-sequences-')), 'sequences.sqlite');
    const store = await openSqliteSequencePositions(file, () => ({ run: 'r1', change: 0 }));
    const positions = store.open('endpoints[0]');
    for (let i = 0; i < 10_005; i++) positions.take(`k${i}`, 3, false);
    // k0 … k4 were forgotten (they start over); the most recent keys are kept.
    expect(positions.take('k0', 3, false)).toBe(0);
    expect(positions.take('k10004', 3, false)).toBe(1);
    store.close();
  });
});
