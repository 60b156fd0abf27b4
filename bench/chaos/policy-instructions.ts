/**
 * `npm run bench -- chaos policy-instructions`: the resilience policies' cost
 * per proxied request in instructions (callgrind), which the machine's load does not move, unlike
 * the CPU time of `chaos policy-cpu`. Two Mimicus CLIs under callgrind forward to one bare backend
 * (bench/proxy/backend.mjs): `plain` (no policy block) and `policies` (the same blocks as
 * policy-cpu, with delays nothing reaches); the difference per request is the policies' cost. With
 * POLICY_INSTR_AGAINST=<bin> the same two sides of another build run beside them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnTracked, stopChild } from '../child-processes.js';
import { freePort } from '../free-port.js';
import { countSide, type SideCount } from '../instructions/measure-side.js';
import { benchDir, defaultMimicusBin } from '../repo-paths.js';
import type { ScenarioSide } from '../scenario.js';
import { waitForHttp } from '../wait-for-http.js';
import { policiesBlock } from './policy-cpu.js';

/**
 * policy-cpu's blocks with delays no request reaches under valgrind. With its 1 s hedge and 2 s
 * per-try timeout, a request stalled behind a compile or a GC (valgrind runs 50-100× slower) was
 * hedged or timed out now and then: about ten errors built per 2,000-request window, each taking
 * paths not yet compiled, and the window then spent 140-200k instructions per request in V8's
 * compiler and in unoptimised code: not the cost of policies that do nothing. The same timers are
 * armed and cancelled per request either way.
 */
const POLICIES = policiesBlock({ perTry: '10m', hedgeAfter: '5m', deadline: '20m' });

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

const side = (name: string, file: string): ScenarioSide => ({
  label: name,
  server: { kind: 'mimicus-file', file, standIn: { status: 200, headers: {}, body: 'ok' } },
  path: '/api/items',
  check: (answer) => (answer.status === 200 && answer.body === 'ok' ? undefined : `answered ${answer.status} ${answer.body.slice(0, 80)}`),
});

export async function runPolicyInstructionsBench(): Promise<number> {
  const requests = Number(process.env.POLICY_INSTR_REQUESTS ?? 2_000);
  const warmupRequests = Number(process.env.POLICY_INSTR_WARMUP ?? 4_000);
  const against = process.env.POLICY_INSTR_AGAINST;
  const port = await freePort();
  const backend = spawnTracked(process.execPath, [join(benchDir, 'proxy', 'backend.mjs'), String(port)], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-policy-instr-'));
  try {
    const backendUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${backendUrl}/small`, backend, 30_000);
    // A directory per build and side: the data dir defaults to the config's, and servers starting
    // at once on one directory raced to create it (DATA_DIR_UNUSABLE: EEXIST) and shared a journal.
    const filesOf = (index: number) => {
      const files = { plain: join(dir, `${index}-plain`, 'plain.yaml'), policies: join(dir, `${index}-policies`, 'policies.yaml') };
      for (const [name, file] of Object.entries(files)) {
        mkdirSync(dirname(file));
        writeFileSync(file, config(backendUrl, name === 'policies'));
      }
      return files;
    };
    const settings = { requests, warmupRequests, connections: 8, idleSeconds: 3, readyTimeoutMs: 300_000 };
    const builds = [{ name: 'this build', bin: defaultMimicusBin }, ...(against ? [{ name: against, bin: against }] : [])];
    const counts = await Promise.all(
      builds.map(async (build, index) => {
        const files = filesOf(index);
        const [plain, policies] = await Promise.all([
          countSide(side('plain', files.plain), build.bin, settings),
          countSide(side('policies', files.policies), build.bin, settings),
        ]);
        return { build: build.name, plain, policies };
      }),
    );
    const line = (count: SideCount) => `${Math.round(count.perRequest).toLocaleString('en')} (raw ${Math.round(count.rawPerRequest).toLocaleString('en')})`;
    console.log(`policy-instructions: ${warmupRequests} warm-up + ${requests} counted GETs per side, 8 connections, instructions per request (all threads)`);
    for (const { build, plain, policies } of counts) {
      console.log(
        `  ${build}: plain ${line(plain)}  policies ${line(policies)}  policies − plain ${Math.round(policies.perRequest - plain.perRequest).toLocaleString('en')}`,
      );
    }
    return 0;
  } finally {
    await stopChild(backend);
    rmSync(dir, { recursive: true, force: true });
  }
}
