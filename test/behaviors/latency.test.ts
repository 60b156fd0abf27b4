import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
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

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number; timing: string | null }> {
  const started = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status, timing: res.headers.get('server-timing') };
}

/** A request answered on a ManualClock: `ms` is the time that clock saw pass. */
async function timedOn(clock: ManualClock, url: string): Promise<{ ms: number; status: number; timing: string | null }> {
  const started = clock.now();
  const { status, timing } = await whileAdvancing(clock, timed(url));
  return { ms: clock.now() - started, status, timing };
}

// The first two tests measure real timers from a real client (latency fidelity is the product):
// they run on the system clock. The others check what is sampled and reported, on a ManualClock.

describe('latency', () => {
  it('holds a fixed delay, measured from arrival to the first byte', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: slow, path: /slow, latency: { fixed: 100ms }, response: { body: ok } }
  - { id: fast, path: /fast, response: { body: ok } }
`);
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) samples.push((await timed(`${mimicus.url}/slow`)).ms);
    samples.sort((a, b) => a - b);
    // A timer never fires early; the median stays within a few ms of the target on an idle loop.
    expect(samples[0]).toBeGreaterThanOrEqual(99);
    expect(samples[5]).toBeLessThan(115);
    expect((await timed(`${mimicus.url}/fast`)).ms).toBeLessThan(50);
  });

  it('counts time spent receiving the body toward the delay instead of adding it on top', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: upload, method: POST, path: /upload, latency: { fixed: 200ms }, response: { body: ok } }
`);
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${mimicus!.url}/upload`, { method: 'POST', headers: { 'content-length': '10' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write('hello');
      setTimeout(() => req.end('world'), 150);
    });
    const elapsed = performance.now() - started;
    expect(status).toBe(200);
    // Arrival is when the request head came in: 150 ms of upload is part of the 200 ms, not extra.
    expect(elapsed).toBeGreaterThanOrEqual(195);
    expect(elapsed).toBeLessThan(300);
  });

  it('samples the configured distribution from the seeded PRNG and says so in Server-Timing', async () => {
    const yaml = `
version: 2
server: { seed: 99, debugHeaders: true }
endpoints:
  - id: varied
    path: /varied
    latency: { uniform: { min: 20ms, max: 60ms } }
    response: { body: ok }
`;
    const clock = new ManualClock();
    mimicus = await startMimicus(yaml, { clock });
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const { ms, timing } = await timedOn(clock, `${mimicus.url}/varied`);
      const intended = Number(/delay;dur=([\d.]+)/.exec(timing ?? '')?.[1]);
      expect(intended).toBeGreaterThanOrEqual(20);
      expect(intended).toBeLessThanOrEqual(60);
      expect(ms).toBeGreaterThanOrEqual(intended - 1);
      delays.push(intended);
    }
    await mimicus.close();
    mimicus = await startMimicus(yaml, { clock });
    const replay: number[] = [];
    for (let i = 0; i < 8; i++) replay.push(Number(/delay;dur=([\d.]+)/.exec((await timedOn(clock, `${mimicus.url}/varied`)).timing ?? '')?.[1]));
    expect(replay).toEqual(delays);
  });

  it('keeps Server-Timing ASCII for labels with σ', async () => {
    mimicus = await startMimicus(`
version: 2
server: { debugHeaders: true }
endpoints:
  - { id: ln, path: /ln, latency: { lognormal: { median: 5ms, sigma: 0.5 } }, response: { body: ok } }
`);
    const { status, timing } = await timed(`${mimicus.url}/ln`);
    expect(status).toBe(200);
    expect(timing).toContain('desc="lognormal(median 5ms, sigma 0.5)"');
  });

  it('applies defaults < endpoint precedence, a block replacing the lower one', async () => {
    const clock = new ManualClock();
    mimicus = await startMimicus(
      `
version: 2
server: { debugHeaders: true }
defaults: { latency: { fixed: 30ms } }
endpoints:
  - { id: inherits, path: /inherits, response: { body: ok } }
  - { id: own, path: /own, latency: { fixed: 5ms }, response: { body: ok } }
`,
      { clock },
    );
    expect((await timedOn(clock, `${mimicus.url}/inherits`)).timing).toContain('delay;dur=30.000');
    expect((await timedOn(clock, `${mimicus.url}/own`)).timing).toContain('delay;dur=5.000');
  });
});
