import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTracked, stopChild } from './child-processes.js';
import { freePort } from './free-port.js';
import { httpRequest } from './http-request.js';
import { median } from './median.js';
import { bareServerScript } from './repo-paths.js';
import { readRssBytes } from './read-rss.js';
import { quickstartConfig } from './run-rss-check.js';

/** One way of starting a server: what `npm run bench -- startup` times from spawn to first answer. */
export interface StartupSide {
  readonly label: string;
  readonly command: string;
  readonly args: (port: number, dataDir: string, adminPort: number) => string[];
  /** The admin API's liveness path, polled after the first answer: the admin API starts after the data plane. */
  readonly adminPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly path: string;
  /** Issue 19's target in ms (start to first answer), when it has one. */
  readonly targetMs?: number;
}

export interface StartupRow {
  readonly label: string;
  readonly runs: number;
  /** Spawn to the first HTTP answer, ms (median over runs). */
  readonly wallMs: number;
  /** CPU time the server process had used when it first answered, ms: far less load-sensitive than wall time. */
  readonly cpuMs: number;
  /** RSS right after the first answer, bytes (median). */
  readonly rssBytes: number;
  readonly targetMs: number | undefined;
  /** Spawn to the admin API's first answer, ms (median), and CPU and RSS then: for sides with an admin API. */
  readonly admin?: { readonly wallMs: number; readonly cpuMs: number; readonly rssBytes: number };
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

function cpuMsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** Mimicus serving examples/quickstart.yaml as a user starts it (`mimicus serve`), admin API on or off, from a CLI entry. */
export function mimicusStartup(label: string, bin: string, admin: boolean, targetMs?: number): StartupSide {
  return {
    label,
    command: process.execPath,
    args: (port, dataDir, adminPort) => [
      bin,
      'serve',
      quickstartConfig,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      '--no-watch',
      ...(admin ? ['--admin-port', String(adminPort)] : ['--no-admin']),
    ],
    path: '/api/health',
    ...(admin ? { adminPath: '/api/health' } : {}),
    ...(targetMs !== undefined ? { targetMs } : {}),
  };
}

/** Plain node:http answering one static body: the least a Node server can take to start. */
export const bareStartup: StartupSide = {
  label: 'bare node:http',
  command: process.execPath,
  args: (port) => [bareServerScript, '--port', String(port), '--host', '127.0.0.1'],
  env: { ...process.env, BARE_RESPONSE: JSON.stringify({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' }) },
  path: '/api/health',
};

interface StartSample {
  wallMs: number;
  cpuMs: number;
  rssBytes: number;
}

/** Polls `url` every 2 ms until an HTTP answer arrives; the sample is taken then. */
async function firstAnswer(child: ReturnType<typeof spawnTracked>, label: string, url: string, startedAt: number, timeoutMs: number): Promise<StartSample> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${label} exited (${child.exitCode ?? child.signalCode}) before answering`);
    if (performance.now() - startedAt > timeoutMs) throw new Error(`${label} did not answer ${url} within ${timeoutMs} ms`);
    try {
      await httpRequest(url, 500);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
  const wallMs = performance.now() - startedAt;
  const pid = child.pid!;
  return { wallMs, cpuMs: cpuMsOf(pid) ?? Number.NaN, rssBytes: (await readRssBytes(pid)) ?? Number.NaN };
}

/** Starts `side` once and times its first answer, then (with an admin API) the admin API's. */
async function startOnce(side: StartupSide, timeoutMs: number): Promise<{ first: StartSample; admin?: StartSample }> {
  const port = await freePort();
  const adminPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mimicus-startup-'));
  const startedAt = performance.now();
  const child = spawnTracked(side.command, side.args(port, dataDir, adminPort), { env: side.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const first = await firstAnswer(child, side.label, `http://127.0.0.1:${port}${side.path}`, startedAt, timeoutMs);
    if (side.adminPath === undefined) return { first };
    return { first, admin: await firstAnswer(child, `${side.label} admin API`, `http://127.0.0.1:${adminPort}${side.adminPath}`, startedAt, timeoutMs) };
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Each side started `runs` times, the sides interleaved run by run (A, B, bare, A, B, bare…) so
 * that load on a shared machine falls on all of them alike; medians per side.
 */
export async function runStartup(sides: readonly StartupSide[], runs: number, timeoutMs: number, log: (line: string) => void): Promise<StartupRow[]> {
  const samples = sides.map(() => ({ wall: [] as number[], cpu: [] as number[], rss: [] as number[], admin: [] as StartSample[] }));
  for (let run = 0; run < runs; run++) {
    for (const [i, side] of sides.entries()) {
      const { first, admin } = await startOnce(side, timeoutMs);
      samples[i]!.wall.push(first.wallMs);
      samples[i]!.cpu.push(first.cpuMs);
      samples[i]!.rss.push(first.rssBytes);
      if (admin) samples[i]!.admin.push(admin);
    }
    log(`  run ${run + 1}/${runs}: ${sides.map((side, i) => `${side.label} ${samples[i]!.wall.at(-1)!.toFixed(0)} ms`).join(', ')}`);
  }
  return sides.map((side, i) => ({
    label: side.label,
    runs,
    wallMs: median(samples[i]!.wall),
    cpuMs: median(samples[i]!.cpu),
    rssBytes: median(samples[i]!.rss),
    targetMs: side.targetMs,
    ...(samples[i]!.admin.length > 0
      ? {
          admin: {
            wallMs: median(samples[i]!.admin.map((sample) => sample.wallMs)),
            cpuMs: median(samples[i]!.admin.map((sample) => sample.cpuMs)),
            rssBytes: median(samples[i]!.admin.map((sample) => sample.rssBytes)),
          },
        }
      : {}),
  }));
}

export function renderStartupReport(rows: readonly StartupRow[], loadAverage: readonly number[]): string {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const lines = [
    `## Start to first answer (examples/quickstart.yaml; median of ${rows[0]?.runs ?? 0} runs each, interleaved)`,
    '',
    `Load average at start: ${loadAverage.map((value) => value.toFixed(2)).join(' / ')}. Wall time moves with the machine's load; the CPU time the server had used when it first answered moves far less. The admin API starts after the data plane first answers; its columns say when it answered too.`,
    '',
    '| server | wall ms | CPU ms | RSS at first answer MiB | target | verdict | admin API answers: wall ms | CPU ms | RSS MiB |',
    '|---|--:|--:|--:|--:|---|--:|--:|--:|',
  ];
  for (const row of rows) {
    const verdict = row.targetMs === undefined ? 'INFO' : row.wallMs <= row.targetMs ? 'PASS' : 'MISS';
    lines.push(
      `| ${row.label} | ${row.wallMs.toFixed(0)} | ${row.cpuMs.toFixed(0)} | ${mib(row.rssBytes)} | ${row.targetMs === undefined ? '–' : `≤ ${row.targetMs}`} | ${verdict} | ` +
        (row.admin ? `${row.admin.wallMs.toFixed(0)} | ${row.admin.cpuMs.toFixed(0)} | ${mib(row.admin.rssBytes)} |` : '– | – | – |'),
    );
  }
  return lines.join('\n');
}
