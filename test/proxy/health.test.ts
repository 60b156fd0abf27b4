import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { UpstreamRegistry } from '../../src/upstream/index.js';
import { startBackend, type Backend } from './backends.js';
import { upstreamSpecs } from './upstream-specs.js';

const backends: Backend[] = [];
let registry: UpstreamRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

/** A backend whose /health answers 200 while `state.healthy`, else 503. */
async function toggling(state: { healthy: boolean }): Promise<Backend> {
  const backend = await startBackend((req, res) => {
    if (req.url === '/health') res.writeHead(state.healthy ? 200 : 503, { 'content-length': '2' }).end('ok');
    else res.writeHead(200, { 'content-length': '1' }).end('x');
  });
  backends.push(backend);
  return backend;
}

/** Moves the clock in steps, letting the real probes of each step finish before the next. */
async function advance(clock: ManualClock, registryNow: UpstreamRegistry, id: string, ms: number, stepMs = 25): Promise<void> {
  for (let moved = 0; moved < ms; moved += stepMs) {
    clock.advance(stepMs);
    await registryNow.get(id)!.probesSettled();
  }
}

describe('active health checks (on the Clock)', () => {
  it('takes a dead target out within 1 s at a 250 ms interval and back within 2 intervals of recovering', async () => {
    const a = { healthy: true };
    const b = { healthy: true };
    const [ta, tb] = [await toggling(a), await toggling(b)];
    const clock = new ManualClock();
    registry = new UpstreamRegistry({ clock, seed: 1 });
    registry.reconcile({
      upstreams: await upstreamSpecs([
        { id: 'u', targets: [{ url: ta.url }, { url: tb.url }], health: { path: '/health', interval: '250ms', timeout: '200ms' } },
      ]),
    });
    const upstream = registry.get('u')!;
    await upstream.probesSettled();
    expect(upstream.available.map((t) => t.spec.url)).toEqual([ta.url, tb.url]);

    b.healthy = false;
    let outAfter = -1;
    for (let ms = 25; ms <= 1000; ms += 25) {
      await advance(clock, registry, 'u', 25);
      if (!upstream.available.some((t) => t.spec.url === tb.url)) {
        outAfter = ms;
        break;
      }
    }
    expect(outAfter).toBeGreaterThan(0);
    expect(outAfter).toBeLessThanOrEqual(1000);
    expect(upstream.available.map((t) => t.spec.url)).toEqual([ta.url]);

    b.healthy = true;
    let backAfter = -1;
    for (let ms = 25; ms <= 500; ms += 25) {
      await advance(clock, registry, 'u', 25);
      if (upstream.available.some((t) => t.spec.url === tb.url)) {
        backAfter = ms;
        break;
      }
    }
    expect(backAfter).toBeGreaterThan(0);
    expect(backAfter).toBeLessThanOrEqual(500);
  });

  it('checks the body text when asked, and routes to all targets in panic', async () => {
    const a = { healthy: true };
    const ta = await toggling(a);
    const tb = await toggling({ healthy: true });
    const tc = await toggling({ healthy: true });
    const clock = new ManualClock();
    registry = new UpstreamRegistry({ clock, seed: 1 });
    registry.reconcile({
      upstreams: await upstreamSpecs([
        {
          id: 'u',
          targets: [{ url: ta.url }, { url: tb.url }, { url: tc.url }],
          health: { path: '/health', interval: '100ms', expectBody: 'nope', unhealthyAfter: 1, outlier: { panicThreshold: 50 } },
        },
      ]),
    });
    const upstream = registry.get('u')!;
    await upstream.probesSettled();
    // Every probe fails the body check: none is healthy, under the panic share, so all take traffic.
    expect(upstream.targets.every((t) => !t.probedHealthy)).toBe(true);
    expect(upstream.panic).toBe(true);
    expect(upstream.available).toHaveLength(3);
  });
});

describe('passive outlier detection (on the Clock)', () => {
  it('ejects after consecutive 5xx for a time that grows with each ejection, never more than the allowed share', async () => {
    const clock = new ManualClock();
    registry = new UpstreamRegistry({ clock, seed: 1 });
    registry.reconcile({
      upstreams: await upstreamSpecs([
        {
          id: 'u',
          targets: [{ url: 'http://127.0.0.1:1' }, { url: 'http://127.0.0.1:2' }, { url: 'http://127.0.0.1:3' }, { url: 'http://127.0.0.1:4' }],
          health: { outlier: { consecutive5xx: 3, baseEjection: '1s', maxEjection: '10s', maxEjectedPercent: 25 } },
        },
      ]),
    });
    const upstream = registry.get('u')!;
    const [t1, t2] = upstream.targets;
    upstream.record(t1!, 'server-error');
    upstream.record(t1!, 'server-error');
    upstream.record(t1!, 'success');
    upstream.record(t1!, 'server-error');
    upstream.record(t1!, 'server-error');
    expect(upstream.available).toHaveLength(4);
    upstream.record(t1!, 'server-error');
    expect(upstream.available).not.toContain(t1);
    // A second target may not go: 2 of 4 is over maxEjectedPercent 25.
    for (let i = 0; i < 3; i++) upstream.record(t2!, 'server-error');
    expect(upstream.available).toContain(t2);
    clock.advance(999);
    expect(upstream.available).not.toContain(t1);
    clock.advance(1);
    expect(upstream.available).toContain(t1);
    for (let i = 0; i < 3; i++) upstream.record(t1!, 'server-error');
    clock.advance(1999);
    expect(upstream.available).not.toContain(t1);
    clock.advance(1);
    expect(upstream.available).toContain(t1);
  });

  it('ejects after consecutive connect failures', async () => {
    const clock = new ManualClock();
    registry = new UpstreamRegistry({ clock, seed: 1 });
    registry.reconcile({
      upstreams: await upstreamSpecs([
        { id: 'u', targets: [{ url: 'http://127.0.0.1:1' }, { url: 'http://127.0.0.1:2' }], health: { outlier: { consecutiveFailures: 2 } } },
      ]),
    });
    const upstream = registry.get('u')!;
    upstream.record(upstream.targets[0]!, 'failure');
    upstream.record(upstream.targets[0]!, 'failure');
    expect(upstream.available.map((t) => t.spec.url)).toEqual(['http://127.0.0.1:2']);
  });
});
