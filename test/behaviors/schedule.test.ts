import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';
import { whileAdvancing } from '../support/while-advancing.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const timingOf = async (url: string) => {
  const res = await fetch(url);
  await res.arrayBuffer();
  return { status: res.status, timing: res.headers.get('server-timing') ?? '' };
};

describe('schedules', () => {
  it('switches behavior at the window boundary (server.clock.start just before it)', async () => {
    const start = new Date(Date.UTC(2026, 0, 5, 7, 59, 59, 300)); // Monday 08:59:59.3 in Berlin (UTC+1)
    const clock = new ManualClock();
    mimicus = await startMimicus(
      `
version: 2
server: { debugHeaders: true, clock: { start: "${start.toISOString()}" } }
endpoints:
  - id: office
    path: /office
    latency: { fixed: 1ms }
    schedule:
      timezone: Europe/Berlin
      windows:
        - { name: business-hours, days: [mon-fri], between: ["09:00", "17:00"], latency: { fixed: 20ms }, status: 202 }
    response: { body: ok }
`,
      { clock },
    );
    const before = await whileAdvancing(clock, timingOf(`${mimicus.url}/office`));
    expect(before.status).toBe(200);
    expect(before.timing).not.toContain('window');
    await clock.advanceAsync(900); // no sleep: the schedule clock runs on the injected clock
    const after = await whileAdvancing(clock, timingOf(`${mimicus.url}/office`));
    expect(after.status).toBe(202);
    expect(after.timing).toContain('window;desc="business-hours"');
    expect(after.timing).toContain('delay;dur=20.000');
  });

  it('lets a window replace the response', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - id: maintenance
    path: /status
    schedule:
      windows: [ { name: always, response: { status: 503, json: { maintenance: true } } } ]
    response: { json: { ok: true } }
`);
    const res = await fetch(`${mimicus.url}/status`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ maintenance: true });
  });

  it("reads templates' now from the injected clock, so one ManualClock fixes every time a test sees", async () => {
    const clock = new ManualClock({ epochMs: Date.UTC(2026, 0, 5, 8) });
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: now, path: /now, response: { template: true, body: '{{now}}' } }
`,
      { clock },
    );
    expect(await (await fetch(`${mimicus.url}/now`)).text()).toBe('2026-01-05T08:00:00.000Z');
    await clock.advanceAsync(60_000);
    expect(await (await fetch(`${mimicus.url}/now`)).text()).toBe('2026-01-05T08:01:00.000Z');
  });
});
