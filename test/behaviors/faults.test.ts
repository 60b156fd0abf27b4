import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const BODY = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item-${i}` })) });

const withFault = (fault: string) => `
version: 2
server: { debugHeaders: true }
endpoints:
  - id: faulty
    path: /faulty
    errors: [ ${fault} ]
    response: { headers: { content-type: application/json }, body: '${BODY}' }
`;

function rawGet(url: string): Promise<{ status?: number; body: Buffer; error?: NodeJS.ErrnoException; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks), error, ms: performance.now() - started }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ body: Buffer.alloc(0), error, ms: performance.now() - started }));
    req.end();
  });
}

describe('faults, observed from a real client', () => {
  it('answers a configured error status with a default JSON body', async () => {
    mimicus = await startMimicus(withFault('{ rate: 1, status: 503 }'));
    const res = await fetch(`${mimicus.url}/faulty`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'Service Unavailable', status: 503 });
    expect(res.headers.get('server-timing')).toContain('fault;desc="status:503"');
  });

  it('answers 200 with an error payload for error-in-payload', async () => {
    mimicus = await startMimicus(withFault(`{ rate: 1, kind: error-in-payload, body: '{"status":"error"}' }`));
    const res = await fetch(`${mimicus.url}/faulty`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"status":"error"}');
  });

  it('truncates the body to the configured fraction, byte count exact', async () => {
    mimicus = await startMimicus(withFault('{ rate: 1, kind: corrupt, truncate: 0.5 }'));
    const { status, body } = await rawGet(`${mimicus.url}/faulty`);
    expect(status).toBe(200);
    expect(body.length).toBe(Math.floor(Buffer.byteLength(BODY) * 0.5));
    expect(body.toString()).toBe(BODY.slice(0, body.length));
  });

  it('breaks JSON with invalidJson', async () => {
    mimicus = await startMimicus(withFault('{ rate: 1, kind: corrupt, invalidJson: true }'));
    const { body } = await rawGet(`${mimicus.url}/faulty`);
    expect(() => JSON.parse(body.toString())).toThrow();
  });

  it('resets the connection mid-response: the client sees ECONNRESET', async () => {
    mimicus = await startMimicus(withFault('{ rate: 1, kind: reset }'));
    const { error } = await rawGet(`${mimicus.url}/faulty`);
    expect(error?.code).toBe('ECONNRESET');
  });

  it('closes without a response for empty', async () => {
    mimicus = await startMimicus(withFault('{ rate: 1, kind: empty }'));
    const { status, error } = await rawGet(`${mimicus.url}/faulty`);
    expect(status).toBeUndefined();
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(error?.code ?? (error?.message === 'socket hang up' ? 'ECONNRESET' : error?.message));
  });

  it('hangs until max, then closes', async () => {
    mimicus = await startMimicus(withFault('{ rate: 1, kind: hang, max: 300ms }'));
    const { status, error, ms } = await rawGet(`${mimicus.url}/faulty`);
    expect(status).toBeUndefined();
    expect(error).toBeDefined();
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1500);
  });

  it('dribbles the body over the configured time', async () => {
    mimicus = await startMimicus(withFault('{ rate: 1, kind: dribble, chunks: 5, over: 400ms }'));
    const { status, body, ms } = await rawGet(`${mimicus.url}/faulty`);
    expect(status).toBe(200);
    expect(body.toString()).toBe(BODY);
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(ms).toBeLessThan(800);
  });

  it('draws faults at their rates from the seeded PRNG', async () => {
    mimicus = await startMimicus(`
version: 2
server: { seed: 5 }
endpoints:
  - id: flaky
    path: /flaky
    errors: [ { rate: 0.2, status: 500 }, { rate: 0.1, status: 502 } ]
    response: { body: ok }
`);
    const counts = new Map<number, number>();
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${mimicus.url}/flaky`);
      await res.arrayBuffer();
      counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    }
    // ±4 standard deviations of a binomial at n = 2000: the fixed seed keeps this deterministic.
    expect(Math.abs((counts.get(500) ?? 0) - 0.2 * n)).toBeLessThan(4 * Math.sqrt(n * 0.2 * 0.8));
    expect(Math.abs((counts.get(502) ?? 0) - 0.1 * n)).toBeLessThan(4 * Math.sqrt(n * 0.1 * 0.9));
  });
});
