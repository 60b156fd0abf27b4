import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { closedPort, startBackend, type Backend } from '../proxy/backends.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
const backends: Backend[] = [];
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

async function backend(handle?: Parameters<typeof startBackend>[0]): Promise<Backend> {
  const started = await startBackend(handle);
  backends.push(started);
  return started;
}

const answering = (status: number, text = 'x', headers: Record<string, string> = {}) =>
  backend((_req, res) => res.writeHead(status, { 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text));

const config = (targets: string[], upstream: string, proxy = '', endpoint = '') => `
version: 2
upstreams:
  - id: api
    balance: round-robin
    targets: [ ${targets.map((url) => `{ url: "${url}" }`).join(', ')} ]
${upstream
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api${proxy} }
${endpoint
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
`;

describe('retries', () => {
  it('retries a 503 on the other target and answers its 200', async () => {
    const bad = await answering(503, 'down');
    const good = await answering(200, 'ok');
    mimicus = await startMimicus(config([bad.url, good.url], 'retry: { attempts: 2, backoff: { base: 1ms, max: 2ms } }'));
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${mimicus.url}/api/x`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('ok');
    }
    // Round-robin sends each first try to the failing target; each retry goes to the other one.
    expect(good.seen.length).toBe(4);
    expect(bad.seen.length).toBe(4);
  });

  it('does not retry a POST without an Idempotency-Key, and retries one with it, body and all', async () => {
    const bad = await answering(503, 'down');
    const good = await answering(200, 'ok');
    mimicus = await startMimicus(config([bad.url, good.url], 'retry: { attempts: 2, backoff: { base: 1ms, max: 2ms } }'));
    const first = await fetch(`${mimicus.url}/api/x`, { method: 'POST', body: 'payload' });
    expect(first.status).toBe(503);
    expect(await first.text()).toBe('down');
    const second = await fetch(`${mimicus.url}/api/x`, { method: 'POST', body: 'payload', headers: { 'idempotency-key': 'k1' } });
    expect(second.status).toBe(200);
    expect(good.seen.map((seen) => seen.body)).toEqual(['payload']);
    expect(bad.seen.map((seen) => seen.body)).toEqual(['payload']);
  });

  it('sends a body larger than maxReplayBody once, and does not retry it', async () => {
    const bad = await answering(503, 'down');
    const good = await answering(200, 'ok');
    mimicus = await startMimicus(config([bad.url, good.url], 'retry: { attempts: 2, maxReplayBody: 8B, backoff: { base: 1ms, max: 2ms } }'));
    const res = await fetch(`${mimicus.url}/api/x`, { method: 'PUT', body: 'more than eight bytes' });
    expect(res.status).toBe(503);
    expect(bad.seen.map((seen) => seen.body)).toEqual(['more than eight bytes']);
    expect(good.seen.length).toBe(0);
  });

  it('ignores a deadline header a client cannot mean (negative, not a number, beyond a day)', async () => {
    const echo = await backend();
    mimicus = await startMimicus(config([echo.url], 'timeout: 5s'));
    for (const value of ['-1', 'soon', '1e12']) {
      const res = await fetch(`${mimicus.url}/api/x`, { headers: { 'x-mimicus-timeout-ms': value } });
      expect(res.status).toBe(200);
      await res.text();
    }
    const told = echo.seen.map((seen) => Number(seen.headers['x-mimicus-timeout-ms']));
    for (const ms of told) expect(ms).toBeGreaterThan(4_000);
    expect(told.every((ms) => ms <= 5_000)).toBe(true);
  });

  it('answers UPSTREAM_RETRY_BUDGET_EXHAUSTED when the budget allows no retry of a connect failure', async () => {
    const port = await closedPort();
    mimicus = await startMimicus(
      config([`http://127.0.0.1:${port}`], 'retry: { attempts: 3, backoff: { base: 1ms, max: 2ms }, budget: { percent: 0, minConcurrency: 0 } }'),
    );
    const res = await fetch(`${mimicus.url}/api/x`);
    expect(res.status).toBe(503);
    expect(res.headers.get('x-mimicus-error')).toBe('UPSTREAM_RETRY_BUDGET_EXHAUSTED');
  });
});

describe('circuit breaker and fallback', () => {
  it('opens after failureThreshold failures, skips the target, and falls back when every circuit is open', async () => {
    const bad = await answering(500, 'boom');
    mimicus = await startMimicus(
      config([bad.url], 'circuitBreaker: { failureThreshold: 3, openFor: 30s }', '', 'fallback: { status: 200, json: { orders: [] } }'),
    );
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${mimicus.url}/api/x`);
      // A 5xx answer is replaced by the fallback too, saying why.
      expect(res.status).toBe(200);
      expect(res.headers.get('x-mimicus-fallback')).toBe('upstream-500');
      await res.text();
    }
    const open = await fetch(`${mimicus.url}/api/x`);
    expect(open.status).toBe(200);
    expect(open.headers.get('x-mimicus-fallback')).toBe('circuit-open');
    expect(await open.json()).toEqual({ orders: [] });
    expect(bad.seen.length).toBe(3);
  });

  it('answers UPSTREAM_CIRCUIT_OPEN with Retry-After when there is no fallback', async () => {
    const port = await closedPort();
    mimicus = await startMimicus(config([`http://127.0.0.1:${port}`], 'circuitBreaker: { failureThreshold: 2 }'));
    for (let i = 0; i < 2; i++) expect((await fetch(`${mimicus.url}/api/x`)).headers.get('x-mimicus-error')).toBe('UPSTREAM_UNAVAILABLE');
    const res = await fetch(`${mimicus.url}/api/x`);
    expect(res.status).toBe(503);
    expect(res.headers.get('x-mimicus-error')).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('falls back to another upstream', async () => {
    const port = await closedPort();
    const spare = await answering(200, 'spare');
    mimicus = await startMimicus(`
version: 2
upstreams:
  - id: api
    targets: [ { url: "http://127.0.0.1:${port}" } ]
    circuitBreaker: { failureThreshold: 5 }
  - id: spare
    targets: [ { url: "${spare.url}" } ]
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api }
    fallback: { upstream: spare }
`);
    const res = await fetch(`${mimicus.url}/api/x`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-mimicus-fallback')).toBe('upstream-connect-failure');
    expect(await res.text()).toBe('spare');
  });

  it('renders a template fallback for the request', async () => {
    const port = await closedPort();
    mimicus = await startMimicus(
      config([`http://127.0.0.1:${port}`], 'retry: { attempts: 1 }', '', 'fallback: { status: 200, body: "cached {{request.path}}", template: true }'),
    );
    const res = await fetch(`${mimicus.url}/api/orders/9`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('cached /api/orders/9');
  });
});

describe('deadline, bulkhead and hedging', () => {
  it('ends the request at its deadline with UPSTREAM_DEADLINE_EXCEEDED and tells the backend the time left', async () => {
    const hanging = await backend(() => undefined);
    mimicus = await startMimicus(config([hanging.url], 'timeout: { total: 150ms, header: x-deadline-ms }'));
    const res = await fetch(`${mimicus.url}/api/x`, { headers: { 'x-deadline-ms': '100' } });
    expect(res.status).toBe(504);
    expect(res.headers.get('x-mimicus-error')).toBe('UPSTREAM_DEADLINE_EXCEEDED');
    // The client's shorter deadline won: what the backend was told is at most 100 ms.
    const told = Number(hanging.seen[0]?.headers['x-deadline-ms'] ?? NaN);
    expect(told).toBeGreaterThan(0);
    expect(told).toBeLessThanOrEqual(100);
  });

  it('answers UPSTREAM_BULKHEAD_FULL at once when maxConcurrent are in flight and none may queue', async () => {
    const slow = await backend((_req, res) => setTimeout(() => res.writeHead(200, { 'content-length': '1' }).end('x'), 300));
    mimicus = await startMimicus(config([slow.url], 'bulkhead: { maxConcurrent: 1, maxQueued: 0 }'));
    const first = fetch(`${mimicus.url}/api/x`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedAt = performance.now();
    const second = await fetch(`${mimicus.url}/api/x`);
    expect(performance.now() - startedAt).toBeLessThan(250);
    expect(second.status).toBe(503);
    expect(second.headers.get('x-mimicus-error')).toBe('UPSTREAM_BULKHEAD_FULL');
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await first).status).toBe(200);
  });

  it('hedges a slow first attempt to the other target and answers with the first good answer', async () => {
    const slow = await backend((_req, res) => setTimeout(() => res.writeHead(200, { 'content-length': '4' }).end('slow'), 1000));
    const fast = await answering(200, 'fast');
    mimicus = await startMimicus(config([slow.url, fast.url], 'hedge: { after: 30ms, budgetPercent: 100 }'));
    const startedAt = performance.now();
    const res = await fetch(`${mimicus.url}/api/x`);
    expect(await res.text()).toBe('fast');
    expect(performance.now() - startedAt).toBeLessThan(900);
    expect(slow.seen.length + fast.seen.length).toBeGreaterThanOrEqual(1);
  });
});
