import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { validateConfigObject } from '../../config/index.js';
import { createLogger, type JournalExchange } from '../../observe/index.js';
import { compilePlan, type Plan } from '../../plan/index.js';
import { createMemoryRateLimitStore, createRateLimiters } from '../behaviors/index.js';
import { createBodyBudget } from '../body-budget.js';
import { createRequestHandler } from '../handle-request.js';
import { createScheduleClock } from '../schedule-clock.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function planOf(config: Record<string, unknown>): Promise<Plan> {
  const validated = validateConfigObject({ version: 2, ...config });
  if (!validated.ok) throw new Error(JSON.stringify(validated.error));
  const plan = await compilePlan(
    { config: validated.value, baseDir: tmpdir() },
    { readFile: () => Promise.resolve({ ok: false, error: 'none' }), now: () => 0, seed: 3 },
  );
  if (!plan.ok) throw new Error(JSON.stringify(plan.error));
  return plan.value;
}

/** The real request handler on a real server (port 0), with a journal that keeps what it is given. */
async function serve(plan: Plan, clock: ManualClock) {
  const entries: JournalExchange[] = [];
  let settled = 0;
  const handler = createRequestHandler({
    currentPlan: () => plan,
    logger: createLogger({ level: 'silent' }),
    isDraining: () => false,
    onSettled: () => void settled++,
    clock,
    scheduleClock: createScheduleClock(undefined, clock),
    limiters: createRateLimiters(clock, createMemoryRateLimitStore()),
    bodyBudget: createBodyBudget(() => plan.server.maxTotalBodyBytes),
    stateStore: () => Promise.reject(new Error('no state in this test')),
    journal: { record: (entry) => void entries.push(entry) },
    journalBodyBytes: Number.POSITIVE_INFINITY,
  });
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, entries, settled: () => settled };
}

/** A raw request; resolves with the status, or 0 when the connection broke without one. */
function send(port: number, path: string, options: { method?: string; body?: string; leaveAfterMs?: number } = {}): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request({ port, host: '127.0.0.1', path, method: options.method ?? 'GET', agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', () => resolve(0));
    });
    request.on('error', () => resolve(0));
    if (options.leaveAfterMs !== undefined) setTimeout(() => (request.destroy(), resolve(0)), options.leaveAfterMs);
    request.end(options.body);
  });
}

const until = async (done: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('the request pipeline', () => {
  it('records and settles every request exactly once, whichever way it ends', async () => {
    const clock = new ManualClock();
    const plan = await planOf({
      server: { maxBodySize: '16B' },
      endpoints: [
        { id: 'static', method: 'GET', path: '/static', response: { status: 200, body: 'ok' } },
        { id: 'templated', method: 'GET', path: '/users/{id}', response: { template: true, body: 'user {{request.params.id}}' } },
        { id: 'limited', method: 'GET', path: '/limited', rateLimit: { rate: '1/m', burst: 1 }, response: { status: 200 } },
        { id: 'reset', method: 'GET', path: '/reset', errors: [{ rate: 1, kind: 'reset' }], response: { status: 200, body: 'never whole' } },
        { id: 'slow', method: 'GET', path: '/slow', latency: { fixed: '10s' }, response: { status: 200 } },
        { id: 'post', method: 'POST', path: '/post', response: { status: 201 } },
      ],
    });
    const { port, entries, settled } = await serve(plan, clock);

    expect(await send(port, '/static')).toBe(200);
    expect(await send(port, '/users/7')).toBe(200);
    expect(await send(port, '/nowhere')).toBe(404);
    expect(await send(port, '/limited')).toBe(200);
    expect(await send(port, '/limited')).toBe(429);
    expect(await send(port, '/reset')).toBe(0);
    expect(await send(port, '/post', { method: 'POST', body: 'x'.repeat(64) })).toBe(413);
    expect(await send(port, '/post', { method: 'POST', body: 'small' })).toBe(201);
    // The manual clock never reaches 10 s: the client leaves during the wait.
    expect(await send(port, '/slow', { leaveAfterMs: 50 })).toBe(0);
    await until(() => settled() === 9);

    expect(settled()).toBe(9);
    expect(entries.map((entry) => [entry.path, entry.status, entry.abandoned])).toEqual([
      ['/static', 200, false],
      ['/users/7', 200, false],
      ['/nowhere', 404, false],
      ['/limited', 200, false],
      ['/limited', 429, false],
      ['/reset', 200, false],
      ['/post', 413, false],
      ['/post', 201, false],
      ['/slow', 200, true],
    ]);
    expect(entries[1]!.applied).toMatchObject({ endpointId: 'templated' });
    expect(String(entries[1]!.responseBody)).toBe('user 7');
    expect(entries[5]!.applied).toMatchObject({ endpointId: 'reset', faultKind: 'reset' });
    expect(entries[7]!.requestBody?.toString()).toBe('small');
  });
});
