import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { validateConfigObject } from '../config/index.js';
import { createLogger, type JournalExchange } from '../observe/index.js';
import { compilePlan, type Plan } from '../plan/index.js';
import { createMemoryRateLimitStore, createRateLimiters } from './behaviors/index.js';
import { createBodyBudget } from './body-budget.js';
import { createRequestHandler } from './handle-request.js';
import { createScheduleClock } from './schedule-clock.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

// One body of 8 KiB at most, 8 KiB held at once: while a stalled upload holds 6 KiB, a second
// 4 KiB body is refused 503 if it is held too, and answered if it is dropped.
const config = {
  server: { maxBodySize: '8KiB', maxTotalBodySize: '8KiB' },
  endpoints: [
    { id: 'upload', method: 'POST', path: '/upload', response: { status: 201, body: 'stored' } },
    { id: 'echo', method: 'POST', path: '/echo', response: { status: 200, template: true, body: '{{request.bodyText}}' } },
  ],
};

async function planOf(): Promise<Plan> {
  const validated = validateConfigObject({ version: 2, ...config });
  if (!validated.ok) throw new Error(JSON.stringify(validated.error));
  const plan = await compilePlan(
    { config: validated.value, baseDir: tmpdir() },
    { readFile: () => Promise.resolve({ ok: false, error: 'none' }), now: () => 0, seed: 3 },
  );
  if (!plan.ok) throw new Error(JSON.stringify(plan.error));
  return plan.value;
}

async function serve(journalBodyBytes: number) {
  const plan = await planOf();
  const clock = new ManualClock({ epochMs: 0 });
  const entries: JournalExchange[] = [];
  server = http.createServer(
    createRequestHandler({
      currentPlan: () => plan,
      logger: createLogger({ level: 'silent' }),
      isDraining: () => false,
      onSettled: () => {},
      clock,
      scheduleClock: createScheduleClock(undefined, clock),
      limiters: createRateLimiters(clock, createMemoryRateLimitStore()),
      bodyBudget: createBodyBudget(() => plan.server.maxTotalBodyBytes),
      stateStore: () => Promise.reject(new Error('no state in this test')),
      journal: { record: (entry) => void entries.push(entry) },
      journalBodyBytes,
    }),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, entries };
}

/** Sends 6 KiB of a declared 8 KiB body and stalls; resolves once the server has had time to read them. */
async function stallUpload(port: number, path: string): Promise<void> {
  const request = http.request({ port, host: '127.0.0.1', path, method: 'POST', agent: false, headers: { 'content-length': 8192 } });
  request.on('error', () => {});
  request.write(Buffer.alloc(6144, 0x62));
  await new Promise((resolve) => setTimeout(resolve, 300));
}

function post(port: number, path: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ port, host: '127.0.0.1', path, method: 'POST', agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(Buffer.alloc(bytes, 0x61));
  });
}

function postChunked(port: number, path: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ port, host: '127.0.0.1', path, method: 'POST', agent: false, headers: { 'transfer-encoding': 'chunked' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(Buffer.alloc(bytes, 0x61));
  });
}

describe('bodies nothing reads', () => {
  it('are dropped as they arrive when the journal is off: the body budget is not spent on them', async () => {
    const { port, entries } = await serve(0);
    await stallUpload(port, '/upload');
    expect(await post(port, '/upload', 4096)).toEqual({ status: 201, body: 'stored' });
    expect(entries[0]?.requestBody?.length).toBe(0);
  });

  it('still count against maxBodySize', async () => {
    const { port } = await serve(0);
    expect((await post(port, '/upload', 9000)).status).toBe(413);
  });

  it('keep only the first bytes the journal shows, a copy taken from the budget: the rest is dropped', async () => {
    const { port, entries } = await serve(1024);
    const response = await post(port, '/upload', 4096);
    expect(response).toEqual({ status: 201, body: 'stored' });
    expect(entries[0]?.requestBody).toEqual(Buffer.alloc(1024, 0x61));
    expect(entries[0]?.requestBodySizeBytes).toBe(4096);
    // Its own buffer, not a view into the socket's read buffer (which would keep all of that alive).
    expect(entries[0]?.requestBody?.buffer.byteLength).toBe(1024);
    // A stalled upload holds 1 KiB of the 8 KiB budget, so two more 4 KiB bodies fit at once.
    await stallUpload(port, '/upload');
    await stallUpload(port, '/upload');
    expect(await post(port, '/upload', 4096)).toEqual({ status: 201, body: 'stored' });
  });

  it('shorter than the prefix are kept whole, and a chunked one gives back the room it did not fill', async () => {
    const { port, entries } = await serve(4096);
    expect(await post(port, '/upload', 100)).toEqual({ status: 201, body: 'stored' });
    expect(entries[0]?.requestBody).toEqual(Buffer.alloc(100, 0x61));
    expect(entries[0]?.requestBodySizeBytes).toBe(100);
    expect(await postChunked(port, '/upload', 100)).toEqual({ status: 201, body: 'stored' });
    expect(entries[1]?.requestBody?.length).toBe(100);
    // Had the chunked body kept its 4 KiB of room, this 8 KiB body would not fit the budget.
    expect(await post(port, '/upload', 8192)).toEqual({ status: 201, body: 'stored' });
  });

  it('are held whole when the journal keeps whole bodies', async () => {
    const { port, entries } = await serve(Number.POSITIVE_INFINITY);
    expect(await post(port, '/upload', 4096)).toEqual({ status: 201, body: 'stored' });
    expect(entries[0]?.requestBody?.length).toBe(4096);
    await stallUpload(port, '/upload');
    expect((await post(port, '/upload', 4096)).status).toBe(503);
  });

  it('are held when the answer reads them', async () => {
    const { port } = await serve(0);
    expect(await post(port, '/echo', 3)).toEqual({ status: 200, body: 'aaa' });
    await stallUpload(port, '/echo');
    expect((await post(port, '/echo', 4096)).status).toBe(503);
  });
});
