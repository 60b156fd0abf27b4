/**
 * `npm run bench -- chaos policy-cpu`: the CPU the resilience policies add to a proxied request
 * when nothing fails. One process holds a local backend and two in-process Mimicus instances
 * forwarding to it: `plain` (no policy block: the direct path) and `policies` (retry, breaker,
 * hedge, deadline, bulkhead, a fallback — none of them triggered). Rounds alternate A/B and B/A;
 * each round sends POLICY_CPU_REQUESTS (default 300) GETs, 8 at a time, and reads the process's
 * CPU time (user + system, process.cpuUsage) around them. The difference of the two sides is what
 * the policies cost; the median over the round pairs is quoted.
 *
 * Many short rounds (POLICY_CPU_ROUNDS, default 41) rather than a few long ones: on a shared
 * machine the load moves within seconds, and a pair of rounds 50 ms apart sees the same load. Each
 * side is first warmed with POLICY_CPU_WARMUP (default 5000) requests: with 500, the first twenty
 * rounds still paid for V8 compiling the longer path, and read 2–4× the later difference.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMimicus, type Mimicus } from '../../src/index.js';

/** Every policy block, on the upstream; `times` sets the per-try timeout, the hedge delay and the deadline. */
export const policiesBlock = (times: { perTry: string; hedgeAfter: string; deadline: string }): string => `
    retry: { attempts: 3, perTryTimeout: ${times.perTry}, retryOn: [connect-failure, reset, 503] }
    circuitBreaker: { failureThreshold: 5, openFor: 1s }
    hedge: { after: ${times.hedgeAfter}, max: 1 }
    timeout: ${times.deadline}
    bulkhead: { maxConcurrent: 400, maxQueued: 100 }`;

export const POLICIES = policiesBlock({ perTry: '2s', hedgeAfter: '1s', deadline: '5s' });

const config = (backendUrl: string, policies: boolean) => `
version: 2
upstreams:
  - id: api
    targets: [ { url: "${backendUrl}" } ]${policies ? POLICIES : ''}
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api }
${policies ? '    fallback: { status: 200, body: spare }' : ''}
`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function drive(url: string, agent: Agent, total: number, concurrency: number): Promise<void> {
  let next = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(url, { agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await one();
    }),
  );
}

export async function runPolicyCpuBench(): Promise<number> {
  const total = Number(process.env.POLICY_CPU_REQUESTS ?? 300);
  const rounds = Number(process.env.POLICY_CPU_ROUNDS ?? 41);
  const warmup = Number(process.env.POLICY_CPU_WARMUP ?? 5000);
  const body = Buffer.alloc(512, 'x');
  const backend = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(body.length) }).end(body));
  backend.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  const backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-policy-cpu-'));
  const sides: { name: string; mimicus: Mimicus; agent: Agent; cpuUs: number[] }[] = [];
  try {
    for (const policies of [false, true]) {
      const file = join(dir, `${policies ? 'policies' : 'plain'}.yaml`);
      writeFileSync(file, config(backendUrl, policies));
      const mimicus = await createMimicus(file, { writeBack: false, dataDir: false });
      await mimicus.listen(0, '127.0.0.1');
      sides.push({ name: policies ? 'policies' : 'plain', mimicus, agent: new Agent({ keepAlive: true, maxSockets: 8 }), cpuUs: [] });
    }
    for (const side of sides) await drive(`${side.mimicus.url}/api/warm`, side.agent, warmup, 8);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const before = process.cpuUsage();
        await drive(`${side.mimicus.url}/api/items`, side.agent, total, 8);
        const used = process.cpuUsage(before);
        side.cpuUs.push((used.user + used.system) / total);
      }
    }
  } finally {
    for (const side of sides) {
      side.agent.destroy();
      await side.mimicus.close();
    }
    await new Promise((resolve) => backend.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
  const [plain, policies] = sides as [(typeof sides)[number], (typeof sides)[number]];
  const deltas = plain.cpuUs.map((us, i) => policies.cpuUs[i]! - us);
  console.log(
    `policy-cpu: ${warmup} warm-up GETs, then ${rounds} rounds × ${total} GETs (8 at a time) per side, alternating; CPU of the whole process (client, backend, Mimicus) per request`,
  );
  console.log(`plain     median ${median(plain.cpuUs).toFixed(1)} µs/req  (rounds: ${plain.cpuUs.map((us) => us.toFixed(0)).join(' ')})`);
  console.log(`policies  median ${median(policies.cpuUs).toFixed(1)} µs/req  (rounds: ${policies.cpuUs.map((us) => us.toFixed(0)).join(' ')})`);
  console.log(
    `policies − plain: median ${median(deltas).toFixed(1)} µs/req per round pair (${deltas.map((us) => us.toFixed(1)).join(' ')}); ratio ${(median(policies.cpuUs) / median(plain.cpuUs)).toFixed(3)}×`,
  );
  return 0;
}
