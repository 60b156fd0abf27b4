import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricsSnapshot } from '../../src/contract/index.js';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { EventRing } from '../../src/observe/slo/event-ring.js';

let mimicus: Mimicus | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HOUR = 3_600_000;

// Every fourth answer is a 503: 1 bad in 4.
const config = (slo: boolean) => ({
  version: 2,
  journal: false,
  observability: { cpuWarnings: false },
  endpoints: [
    {
      id: 'orders',
      path: '/orders',
      sequence: { after: 'cycle', key: 'all', responses: [{ status: 200 }, { status: 200 }, { status: 200 }, { status: 503 }] },
      ...(slo ? { slo: { availability: '90%', window: '30d' } } : {}),
    },
  ],
});

async function start(dataDir: string | false, slo = true): Promise<Mimicus> {
  mimicus = await createMimicus(config(slo), { dataDir, admin: { port: 0, host: '127.0.0.1' } });
  await mimicus.listen(0, '127.0.0.1');
  return mimicus;
}

async function restart(dataDir: string | false, slo = true): Promise<Mimicus> {
  await mimicus!.close();
  mimicus = undefined;
  return start(dataDir, slo);
}

async function hit(m: Mimicus, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await (await fetch(`${m.url}/orders`)).arrayBuffer();
}

async function counts(m: Mimicus): Promise<{ requests: number; bad: number; lastHour: number }> {
  const row = ((await (await fetch(`${m.adminUrl}/api/metrics`)).json()) as MetricsSnapshot).slos![0]!;
  return { requests: row.requests, bad: row.bad, lastHour: row.recent['1h'].requests };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-slo-'));
  dirs.push(dir);
  return dir;
}

describe('SLO windows across a restart', () => {
  it('keeps the window and the burn-rate minutes in <dataDir>/slo.sqlite, and counts on after the restart', async () => {
    const dir = dataDir();
    await hit(await start(dir), 8);
    expect(await counts(mimicus!)).toEqual({ requests: 8, bad: 2, lastHour: 8 });

    const again = await restart(dir);
    expect(existsSync(join(dir, 'slo.sqlite'))).toBe(true);
    expect(await counts(again)).toEqual({ requests: 8, bad: 2, lastHour: 8 });
    await hit(again, 4);
    expect(await counts(again)).toEqual({ requests: 12, bad: 3, lastHour: 12 });

    // Twice: what was read back is saved again with what came since, not lost or counted twice.
    expect(await counts(await restart(dir))).toEqual({ requests: 12, bad: 3, lastHour: 12 });
  });

  it('keeps the window in memory only with dataDir: false, and opens no file without an SLO', async () => {
    await hit(await start(false), 4);
    expect(await counts(mimicus!)).toEqual({ requests: 4, bad: 1, lastHour: 4 });
    expect(await counts(await restart(false))).toEqual({ requests: 0, bad: 0, lastHour: 0 });

    const dir = dataDir();
    await hit(await start(dir, false), 2);
    await restart(dir, false);
    expect(existsSync(join(dir, 'slo.sqlite'))).toBe(false);
  });

  it('starts and counts in memory when slo.sqlite is not a database', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'slo.sqlite'), 'not a database, just text that someone left here');
    const m = await start(dir);
    await hit(m, 4);
    expect(await counts(m)).toEqual({ requests: 4, bad: 1, lastHour: 4 });
  });

  it('reads back only plain counts: rows from the future, negative or with more bad than requests are skipped', () => {
    const now = 1_000 * HOUR;
    const ring = new EventRing(24);
    ring.restore(
      {
        minutes: [],
        hours: [
          [999, 10, 1],
          [1_001, 50, 50], // after now: a clock that went back would freeze this slot
          [998, -5, 0],
          [997, 3, 4],
          [996, Number.NaN, 0],
          [995.5, 1, 0],
        ],
      },
      now,
    );
    expect(ring.window(now)).toEqual({ requests: 10, bad: 1 });
    ring.record(now, true);
    expect(ring.window(now)).toEqual({ requests: 11, bad: 2 });
  });
});
