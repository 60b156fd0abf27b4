/**
 * What Redis adds to a stateful request, per request, on loopback (issue 20: ≤ 0.5 ms at p50):
 * the same endpoint (read one key, increment another) served with state in memory, SQLite and Redis,
 * one request at a time from one keep-alive client, in alternating rounds so both see the same
 * machine load. Starts its own redis-server (as the tests do: PATH, MIMICUS_REDIS_SERVER or
 * Debian's package unpacked into node_modules/.cache).
 *
 *   node --import tsx bench/redis-state-latency.ts [requestsPerRound=500] [rounds=6]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createMimicus, type Mimicus } from '../src/index.js';
import { startRedisServer } from '../test/support/redis-server.js';

const perRound = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 6);

const endpoints = [
  {
    id: 'visit',
    path: '/visit',
    response: { template: true, headers: { 'content-type': 'application/json' }, body: '{"visits":{{state.inc "visits"}},"user":"{{state.get "user"}}"}' },
  },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function timeRequests(mimicus: Mimicus, agent: Agent, count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const response = await request(`${mimicus.url}/visit`, { dispatcher: agent });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
    into.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}

const redis = await startRedisServer();
const dir = mkdtempSync(join(tmpdir(), 'mimicus-bench-'));
const memory = await createMimicus({ version: 2, endpoints } as never, { dataDir: false });
const sqlite = await createMimicus({ version: 2, endpoints } as never, { dataDir: dir });
const shared = await createMimicus({ version: 2, state: { store: 'redis', url: redis.url, keyPrefix: 'bench:' }, endpoints } as never, { dataDir: false });
await memory.listen(0, '127.0.0.1');
await sqlite.listen(0, '127.0.0.1');
await shared.listen(0, '127.0.0.1');
const agent = new Agent({ connections: 1 });
try {
  const sides = { memory, sqlite, redis: shared };
  const samples: Record<keyof typeof sides, number[]> = { memory: [], sqlite: [], redis: [] };
  for (const side of Object.values(sides)) await timeRequests(side, agent, 200, []);
  for (let round = 0; round < rounds; round++) {
    for (const [name, side] of Object.entries(sides)) await timeRequests(side, agent, perRound, samples[name as keyof typeof sides]);
  }
  const rows = Object.entries(samples).map(([store, values]) => {
    const sorted = values.sort((a, b) => a - b);
    return { store, requests: sorted.length, p50Ms: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9), p99Ms: percentile(sorted, 0.99) };
  });
  console.log('stateful request (read one key, increment another), one at a time on loopback:');
  for (const row of rows) {
    console.log(
      `  ${row.store.padEnd(7)} ${String(row.requests).padStart(6)} requests  p50 ${row.p50Ms.toFixed(3)} ms  p90 ${row.p90Ms.toFixed(3)} ms  p99 ${row.p99Ms.toFixed(3)} ms`,
    );
  }
  const [inMemory, inSqlite, inRedis] = rows.map((row) => row.p50Ms) as [number, number, number];
  const added = inRedis - Math.min(inMemory, inSqlite);
  console.log(
    `Redis adds ${(inRedis - inMemory).toFixed(3)} ms at p50 over memory, ${(inRedis - inSqlite).toFixed(3)} ms over SQLite (target ≤ 0.5 ms over the faster: ${added <= 0.5 ? 'met' : 'NOT met'})`,
  );
} finally {
  await agent.close();
  await memory.close();
  await sqlite.close();
  await shared.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
