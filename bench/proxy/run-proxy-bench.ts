/**
 * `npm run bench -- proxy`: the forwarding proxy against the same backend, in the same run:
 * direct (no proxy), the obvious Node forwarder (node:http + undici, streamed), nginx and HAProxy
 * (Debian; installed with apt-get when missing and allowed, else reported absent), and Mimicus
 * proxying with no behaviors. Proxies run pinned to core 0; the backend and the load generators
 * share core 1. Per side: rps at c=50 (wrk -t1, 5 s) with the proxy's CPU µs per request
 * (utime+stime from /proc/<pid>/stat), added latency p50/p99 at 4 connections (a closed-loop
 * client timing each request, minus the direct run's), and MB/s and RSS above idle streaming
 * 1 MiB bodies (4 connections, 5 s) and one 100 MB body. The machine may be shared: compare ratios
 * within one run, never figures across runs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'node:http';
import { haproxyConfig, mimicusConfig, nginxConfig } from './proxy-configs.js';
import { reportProxyRounds, runProxyRounds, type ProxyRounds } from './proxy-rounds.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const log = (line: string) => console.error(line);
const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Side {
  readonly name: string;
  readonly port: number;
  /** The process whose CPU and RSS count (nginx: its worker). */
  pid: number;
}

interface SideResult {
  name: string;
  rps: number;
  cpuUsPerRequest: number;
  p50Ms: number;
  p99Ms: number;
  mibStreamMBps: number;
  mibStreamRssAboveIdleMB: number;
  bigStreamMBps: number;
  bigStreamRssAboveIdleMB: number;
}

function start(command: string, args: string[], core: number, env: Record<string, string> = {}): ChildProcess {
  const child = spawn('taskset', ['-c', String(core), command, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  children.push(child);
  return child;
}

async function waitFor(port: number, path = '/small'): Promise<void> {
  // 60 s: on a loaded shared machine (load 20 on 2 cores) Mimicus's CLI took longer than 10 s to listen.
  for (let i = 0; i < 1200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`nothing answers on port ${port}`);
}

const ticks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const rssMB = (pid: number): number => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const CLOCK_TICK_US = 1_000_000 / Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim() || 100);

function wrk(port: number, seconds: number): number {
  const out = spawnSync('taskset', ['-c', '1', 'wrk', '-t1', '-c50', `-d${seconds}s`, `http://127.0.0.1:${port}/small`]).stdout.toString();
  const match = /(\d+) requests in/.exec(out);
  return match ? Number(match[1]) : 0;
}

function closedLoop(port: number, path: string, connections: number, seconds: number): { latenciesMs: number[]; durationSeconds: number; errors: number } {
  const out = spawnSync(
    'taskset',
    ['-c', '1', 'node', join(ROOT, 'bench/closed-loop-client.mjs'), `http://127.0.0.1:${port}${path}`, String(connections), String(seconds)],
    { maxBuffer: 512 * 1024 * 1024 },
  ).stdout.toString();
  return JSON.parse(out) as { latenciesMs: number[]; durationSeconds: number; errors: number };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Samples RSS every 20 ms while `work` runs; returns the peak. */
async function peakRssDuring(pid: number, work: () => Promise<void>): Promise<number> {
  let peak = rssMB(pid);
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, rssMB(pid));
      await sleep(20);
    }
  })();
  await work();
  running = false;
  await sampler;
  return peak;
}

/** Downloads `path` once and counts the bytes; resolves with the seconds it took. */
function download(port: number, path: string): Promise<{ bytes: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    let bytes = 0;
    request({ host: '127.0.0.1', port, path }, (res) => {
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, seconds: (performance.now() - began) / 1000 }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/**
 * The 1 MiB stream through a child client (asynchronously, so the RSS sampler of this process keeps
 * running), 4 connections for `seconds`.
 */
function streamMiB(port: number, seconds: number): Promise<{ mbps: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'taskset',
      ['-c', '1', 'node', join(ROOT, 'bench/closed-loop-client.mjs'), `http://127.0.0.1:${port}/blob?bytes=${1024 * 1024}`, '4', String(seconds)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      const result = JSON.parse(out) as { latenciesMs: number[]; durationSeconds: number };
      resolve({ mbps: (result.latenciesMs.length * 1024 * 1024) / 1e6 / result.durationSeconds });
    });
  });
}

/** The proxy's CPU µs per request over one wrk run at c=50 (utime+stime of its process / requests). */
function cpuPerRequest(side: Side, seconds: number): number {
  const before = ticks(side.pid);
  const requests = wrk(side.port, seconds);
  return requests > 0 ? ((ticks(side.pid) - before) * CLOCK_TICK_US) / requests : NaN;
}

async function measure(side: Side, direct: SideResult | undefined, seconds: number): Promise<SideResult> {
  log(`proxy bench: ${side.name} on port ${side.port}`);
  wrk(side.port, 2); // warm-up: JIT, pools
  const before = ticks(side.pid);
  const requests = wrk(side.port, seconds);
  const cpuUs = (ticks(side.pid) - before) * CLOCK_TICK_US;
  const latency = closedLoop(side.port, '/small', 4, seconds);
  const p50 = quantile(latency.latenciesMs, 0.5);
  const p99 = quantile(latency.latenciesMs, 0.99);
  const idle = rssMB(side.pid);
  let mib = { mbps: 0 };
  const mibPeak = await peakRssDuring(side.pid, async () => {
    mib = await streamMiB(side.port, seconds);
  });
  let big = { bytes: 0, seconds: 1 };
  const idleBig = rssMB(side.pid);
  const bigPeak = await peakRssDuring(side.pid, async () => {
    big = await download(side.port, `/blob?bytes=${100 * 1000 * 1000}`);
  });
  if (big.bytes !== 100 * 1000 * 1000) log(`proxy bench: ${side.name} delivered ${big.bytes} of 100 MB`);
  return {
    name: side.name,
    rps: requests / seconds,
    cpuUsPerRequest: requests > 0 ? cpuUs / requests : NaN,
    p50Ms: direct ? p50 - direct.p50Ms : p50,
    p99Ms: direct ? p99 - direct.p99Ms : p99,
    mibStreamMBps: mib.mbps,
    mibStreamRssAboveIdleMB: mibPeak - idle,
    bigStreamMBps: big.bytes / 1e6 / big.seconds,
    bigStreamRssAboveIdleMB: bigPeak - idleBig,
  };
}

/** nginx's and HAProxy's binaries, installed with apt-get when missing and we may (root). */
function ensureInstalled(binary: string, pkg: string): string | undefined {
  const which = (name: string) =>
    spawnSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} 2>/dev/null`])
      .stdout.toString()
      .trim()
      .split('\n')[0] || undefined;
  let path = which(binary);
  if (path === undefined && process.getuid?.() === 0) {
    log(`proxy bench: installing ${pkg} with apt-get`);
    spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'ignore' });
    path = which(binary);
  }
  return path;
}

function workerPid(masterPid: number): number {
  for (let i = 0; i < 50; i++) {
    const out = spawnSync('pgrep', ['-P', String(masterPid)])
      .stdout.toString()
      .trim();
    if (out !== '') return Number(out.split('\n')[0]);
    spawnSync('sleep', ['0.1']);
  }
  return masterPid;
}

/** Rounds of the comparison (MIMICUS_BENCH_PROXY_ROUNDS, default 5) and seconds of each wrk and closed-loop run in them (3). */
const CPU_ROUNDS = Number(process.env.MIMICUS_BENCH_PROXY_ROUNDS ?? 5);
const CPU_ROUND_SECONDS = 3;

export async function runProxyBench(seconds = 5): Promise<number> {
  const loadBefore = loadavg();
  const proxies: Side[] = [];
  let rounds: ProxyRounds | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-proxy-bench-'));
  // Below Linux's ephemeral range (32768–60999): the bench's own client connections take local
  // ports from that range, and a listener picked inside it failed to bind (EADDRINUSE) twice.
  const base = 20_000 + Math.floor(Math.random() * 12_000);
  const backendPort = base;
  const results: SideResult[] = [];
  const absent: string[] = [];
  try {
    const backend = start('node', [join(ROOT, 'bench/proxy/backend.mjs'), String(backendPort)], 1);
    await waitFor(backendPort);
    const direct = await measure({ name: 'direct', port: backendPort, pid: backend.pid! }, undefined, seconds);
    results.push(direct);

    const sides: (() => Promise<Side | undefined>)[] = [
      async () => {
        const port = base + 1;
        const child = start('node', [join(ROOT, 'bench/proxy/minimal-forwarder.mjs'), String(port), `http://127.0.0.1:${backendPort}`], 0);
        await waitFor(port);
        return { name: 'node forwarder', port, pid: child.pid! };
      },
      async () => {
        const nginx = ensureInstalled('nginx', 'nginx');
        if (nginx === undefined) return undefined;
        const port = base + 2;
        const child = start(nginx, ['-c', nginxConfig(dir, port, backendPort), '-p', dir], 0);
        await waitFor(port);
        return { name: 'nginx', port, pid: workerPid(child.pid!) };
      },
      async () => {
        const haproxy = ensureInstalled('haproxy', 'haproxy');
        if (haproxy === undefined) return undefined;
        const port = base + 3;
        const child = start(haproxy, ['-db', '-f', haproxyConfig(dir, port, backendPort)], 0);
        await waitFor(port);
        return { name: 'haproxy', port, pid: child.pid! };
      },
      async () => {
        const port = base + 4;
        const child = start(
          'node',
          [
            join(ROOT, 'bin/mimicus.js'),
            'serve',
            mimicusConfig(dir, backendPort),
            '--port',
            String(port),
            '--no-admin',
            '--no-watch',
            '--log-level',
            'silent',
            '--data-dir',
            join(dir, 'data'),
          ],
          0,
        );
        await waitFor(port);
        return { name: 'mimicus', port, pid: child.pid! };
      },
      // The same without the request journal: what the forwarding path costs apart from recording.
      async () => {
        const port = base + 5;
        const child = start(
          'node',
          [
            join(ROOT, 'bin/mimicus.js'),
            'serve',
            mimicusConfig(dir, backendPort, false),
            '--port',
            String(port),
            '--no-admin',
            '--no-watch',
            '--log-level',
            'silent',
            '--data-dir',
            join(dir, 'data2'),
          ],
          0,
        );
        await waitFor(port);
        return { name: 'mimicus -journal', port, pid: child.pid! };
      },
    ];
    const names = ['node forwarder', 'nginx', 'haproxy', 'mimicus', 'mimicus -journal'];
    for (let i = 0; i < sides.length; i++) {
      const side = await sides[i]!();
      if (side === undefined) {
        absent.push(names[i]!);
        continue;
      }
      proxies.push(side);
      results.push(await measure(side, direct, seconds));
    }
    // The CPU target is a ratio on a shared machine: every proxy measured again in alternating
    // rounds, so a burst of load from elsewhere falls on all of them rather than on one.
    rounds = runProxyRounds(
      proxies,
      backendPort,
      CPU_ROUNDS,
      CPU_ROUND_SECONDS,
      {
        cpuPerRequest: (side) => cpuPerRequest(side, CPU_ROUND_SECONDS),
        latency: (port) => {
          const sorted = closedLoop(port, '/small', 4, CPU_ROUND_SECONDS).latenciesMs;
          return { p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
        },
      },
      log,
    );
  } finally {
    // SIGTERM: nginx's master then stops its workers (SIGKILL left a worker holding the port).
    for (const child of children) child.kill('SIGTERM');
  }
  report(results, absent);
  if (rounds !== undefined) console.log(reportProxyRounds(rounds, loadBefore, loadavg()));
  return 0;
}

function report(results: SideResult[], absent: string[]): void {
  const forwarder = results.find((r) => r.name === 'node forwarder');
  const nginx = results.find((r) => r.name === 'nginx');
  const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
  const lines = [
    'side             rps@c50  cpu µs/req  +p50 ms  +p99 ms  1MiB MB/s  1MiB RSS+MB  100MB MB/s  100MB RSS+MB',
    ...results.map(
      (r) =>
        `${r.name.padEnd(16)} ${f(r.rps, 0).padStart(8)} ${f(r.cpuUsPerRequest).padStart(11)} ${f(r.p50Ms, 3).padStart(8)} ${f(r.p99Ms, 3).padStart(8)} ${f(r.mibStreamMBps).padStart(10)} ${f(r.mibStreamRssAboveIdleMB).padStart(12)} ${f(r.bigStreamMBps).padStart(11)} ${f(r.bigStreamRssAboveIdleMB).padStart(13)}`,
    ),
    '(direct: p50/p99 are absolute; other rows: added over direct)',
  ];
  const mimicus = results.find((r) => r.name === 'mimicus');
  if (mimicus && forwarder) {
    lines.push(
      `mimicus / node forwarder: CPU per request ${f(mimicus.cpuUsPerRequest / forwarder.cpuUsPerRequest, 2)}× (target ≤ 1.0), rps ${f(mimicus.rps / forwarder.rps, 2)}× (target ≥ 1.0)`,
    );
  }
  const bare = results.find((r) => r.name === 'mimicus -journal');
  if (bare && forwarder)
    lines.push(
      `mimicus without the journal / node forwarder: CPU per request ${f(bare.cpuUsPerRequest / forwarder.cpuUsPerRequest, 2)}×, rps ${f(bare.rps / forwarder.rps, 2)}×`,
    );
  if (mimicus && nginx)
    lines.push(
      `mimicus / nginx: CPU per request ${f(mimicus.cpuUsPerRequest / nginx.cpuUsPerRequest, 2)}× (target ≤ 3), rps ${f(mimicus.rps / nginx.rps, 2)}×`,
    );
  if (mimicus) {
    lines.push(`mimicus added latency at 4 connections: p50 ${f(mimicus.p50Ms, 3)} ms (target ≤ 0.3), p99 ${f(mimicus.p99Ms, 3)} ms (target ≤ 1)`);
    lines.push(`mimicus RSS streaming 100 MB: +${f(mimicus.bigStreamRssAboveIdleMB)} MB over idle (target ≤ 10)`);
  }
  if (absent.length > 0) lines.push(`absent: ${absent.join(', ')}`);
  console.log(lines.join('\n'));
}
