import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('rate limits', () => {
  it('admits the burst, then answers 429 with Retry-After and RateLimit headers', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: limited, path: /limited, rateLimit: { rate: 1/s, burst: 3 }, response: { body: ok } }
`);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await fetch(`${mimicus.url}/limited`);
      await last.arrayBuffer();
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last!.headers.get('ratelimit-policy')).toMatch(/q=1;w=1/);
    expect(last!.headers.get('ratelimit')).toMatch(/r=0/);
  });

  it('shares a named bucket between endpoints', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: a, path: /a, rateLimit: { rate: 1/m, burst: 2, bucket: shared }, response: { body: a } }
  - { id: b, path: /b, rateLimit: { rate: 1/m, burst: 2, bucket: shared }, response: { body: b } }
`);
    const statuses = [];
    for (const path of ['/a', '/b', '/a', '/b']) {
      const res = await fetch(`${mimicus.url}${path}`);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it('keeps one bucket per header value with key: header:<name>', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: keyed, path: /keyed, rateLimit: { rate: 1/m, burst: 1, key: "header:x-api-key" }, response: { body: ok } }
`);
    const get = async (key: string) => (await fetch(`${mimicus!.url}/keyed`, { headers: { 'x-api-key': key } })).status;
    expect(await get('alice')).toBe(200);
    expect(await get('alice')).toBe(429);
    expect(await get('bob')).toBe(200);
  });
});

describe('bandwidth', () => {
  it('paces the body at the configured rate', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: big, path: /big, bandwidth: 200KiB/s, response: { bodyFile: big.bin } }
`,
      { files: { 'big.bin': Buffer.alloc(100 * 1024, 7) } },
    );
    const started = performance.now();
    const res = await fetch(`${mimicus.url}/big`);
    const body = Buffer.from(await res.arrayBuffer());
    const ms = performance.now() - started;
    expect(body.length).toBe(100 * 1024);
    // 100 KiB at 200 KiB/s = 500 ms; a paced write is never early and should not be 20% late.
    expect(ms).toBeGreaterThanOrEqual(470);
    expect(ms).toBeLessThan(600);
  });
});
