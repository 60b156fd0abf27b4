import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pausesEnv, readServerPauses } from '../bench/server-pauses.js';

const dir = mkdtempSync(join(tmpdir(), 'mimicus-pauses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the attack bench pause recorder', () => {
  it('records a stall of a preloaded Node process, and a GC, inside the window asked for', async () => {
    const file = join(dir, 'pauses.json');
    // A process that blocks its loop for 300 ms (a stall only grows on a loaded machine), forces a
    // GC, and exits after a few of the recorder's ticks.
    const script = join(dir, 'stall.mjs');
    writeFileSync(script, `setTimeout(() => { const end = Date.now() + 300; while (Date.now() < end); globalThis.gc(); setTimeout(() => {}, 50); }, 100);`);
    const from = Date.now();
    const run = spawnSync(process.execPath, ['--expose-gc', script], { env: { ...process.env, ...pausesEnv(file) }, encoding: 'utf8' });
    const to = Date.now();
    expect(run.status, run.stderr).toBe(0);
    const inside = await readServerPauses(file, from, to);
    expect(inside.stallMaxMs).toBeGreaterThanOrEqual(250);
    expect(inside.gcCount).toBeGreaterThanOrEqual(1);
    // The same record read for a window before the process started holds nothing.
    expect(await readServerPauses(file, from - 60_000, from - 30_000)).toEqual({ stallMaxMs: 0, gcMaxMs: 0, gcTotalMs: 0, gcCount: 0 });
  });

  it('reads a missing record as not measured', async () => {
    expect(await readServerPauses(join(dir, 'absent.json'), 0, Date.now())).toEqual({});
  });
});
