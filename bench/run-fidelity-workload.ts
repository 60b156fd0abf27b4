import { spawnSync } from 'node:child_process';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { foreignShare, sampleCore, type CoreSample } from './core-usage.js';
import { loadLatencySampler, type BenchSampler, type LoadedSampler } from './fidelity-sampler.mjs';
import type { FidelitySide, FidelityWorkloadResult, PercentileRow, ServerUsage } from './fidelity-result.js';
import { ksDistance, quantileOf } from '../src/distributions/index.js';
import { correctForTruncation, ksDistanceFromQuantiles, quantileFromPoints, relativeError } from './fidelity-statistics.js';
import { formatMs } from './format-units.js';
import { bareSpecFor, fidelityPath, fidelitySeed, mimicusConfigFor, type FidelityWorkload } from './fidelity-workloads.js';
import { httpRequest } from './http-request.js';
import type { MachineInfo } from './machine-info.js';
import { median } from './median.js';
import { observedAt, type WrkPercentiles } from './parse-wrk-percentiles.js';
import { serverCore } from './pin-to-core.js';
import { runClosedLoopClient } from './run-closed-loop-client.js';
import { runWrkPercentiles } from './run-wrk-percentiles.js';
import type { ServerSpec } from './scenario.js';
import { startServer, type RunningServer, type StartOptions } from './start-server.js';
import { timedGet } from './timed-get.js';

export interface FidelityContext {
  start: StartOptions;
  /** Overrides the measured duration of F1–F4 (seconds). */
  durationSeconds: number | undefined;
  warmupSeconds: number;
  machine: MachineInfo;
  log: (line: string) => void;
}

/** The percentiles every latency report lists. */
export const reportedPercents = [50, 90, 99, 99.9] as const;

const clockTicks = ((): number => {
  const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(answer.stdout?.trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

type BareStats = { idleMs: number; activeMs: number; timerLatenessMs: ServerUsage['timerLatenessMs'] };

async function bareStats(server: RunningServer): Promise<BareStats | undefined> {
  if (server.kind === 'mimicus') return undefined;
  try {
    return JSON.parse((await httpRequest(`${server.baseUrl}/__fidelity/stats`, 2_000)).body) as BareStats;
  } catch {
    return undefined;
  }
}

/** Measures CPU, event-loop utilization and core noise around `run`. */
async function withUsage<T>(server: RunningServer, pinned: boolean, run: () => Promise<T>): Promise<{ value: T; usage: ServerUsage }> {
  const statsBefore = await bareStats(server);
  const coreBefore: CoreSample | undefined = await sampleCore(serverCore, server.pid);
  const began = performance.now();
  const value = await run();
  const wallSeconds = (performance.now() - began) / 1_000;
  const coreAfter = await sampleCore(serverCore, server.pid);
  const statsAfter = await bareStats(server);
  const ended = server.exitStatus();
  if (ended !== undefined) throw new Error(`${server.label} died during the load run (${ended})\n--- its output ---\n${server.output().trim()}`);
  const active = statsBefore && statsAfter ? statsAfter.activeMs - statsBefore.activeMs : undefined;
  const idle = statsBefore && statsAfter ? statsAfter.idleMs - statsBefore.idleMs : undefined;
  return {
    value,
    usage: {
      cpuCores: coreBefore && coreAfter ? (coreAfter.processTime - coreBefore.processTime) / clockTicks / wallSeconds : undefined,
      eventLoopUtilization: active !== undefined && idle !== undefined && active + idle > 0 ? active / (active + idle) : undefined,
      serverCoreOthers: pinned ? foreignShare(coreBefore, coreAfter) : undefined,
      timerLatenessMs: statsAfter?.timerLatenessMs,
      rssAfterBytes: await server.rssBytes(),
    },
  };
}

const socketErrorCount = (result: WrkPercentiles): number =>
  result.socketErrors.connect + result.socketErrors.read + result.socketErrors.write + result.socketErrors.timeout;

/** wrk's per-request timeout: three times the intended p99.999, at least 10 s, at most 60 s. */
const wrkTimeoutSeconds = (sampler: BenchSampler): number => Math.min(60, Math.max(10, Math.ceil((3 * sampler.quantile(0.99999)) / 1_000)));

type SideName = 'bare' | 'mimicus';
type Base = { side: SideName; runsAs: 'bare' | 'mimicus' | 'stand-in'; notes: string[] };

async function probeLatency(server: RunningServer, count: number): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: count }, () => timedGet(`${server.baseUrl}${fidelityPath}`)));
  const wrong = answers.find((answer) => answer.status !== 200);
  if (wrong) throw new Error(`${server.label} answered GET ${fidelityPath} with status ${wrong.status}`);
  return answers.map((answer) => answer.firstByteMs);
}

async function measureLatency(
  workload: Extract<FidelityWorkload, { kind: 'distribution' | 'fixed-excess' }>,
  sampler: BenchSampler,
  server: RunningServer,
  base: Base,
  context: FidelityContext,
): Promise<FidelitySide> {
  const intendedMedian = sampler.quantile(0.5);
  const probes = await probeLatency(server, 5);
  const probeMedian = median(probes);
  if (probeMedian < 0.3 * intendedMedian) {
    return {
      ...base,
      kind: 'skipped',
      verdict: 'NOT-APPLIED',
      reason: `no delay applied: 5 probes answered in a median ${formatMs(probeMedian)}, intended median ${formatMs(intendedMedian)}`,
    };
  }
  const url = `${server.baseUrl}${fidelityPath}`;
  const timeoutSeconds = wrkTimeoutSeconds(sampler);
  if (context.warmupSeconds > 0) {
    const warm = await runWrkPercentiles({ url, connections: Math.min(workload.connections, 200), durationSeconds: context.warmupSeconds, timeoutSeconds });
    if (!warm.ok) throw new Error(`${server.label}: warm-up failed: ${warm.error}`);
  }
  const durationSeconds = context.durationSeconds ?? workload.defaultDurationSeconds;
  const run =
    workload.kind === 'distribution' && workload.client === 'per-request'
      ? await measurePerRequest(url, workload.connections, durationSeconds, sampler, server, context)
      : await measureWithWrk(url, workload.connections, durationSeconds, timeoutSeconds, sampler, server, context);
  const { corrected, rows, usage, errors, errorDetail, requests, measuredSeconds, rawObserved } = run;
  const ksDistance = workload.kind === 'distribution' ? run.ksDistance : undefined;
  const rawKsDistance = workload.kind === 'distribution' ? run.rawKsDistance : undefined;
  const notes = [...base.notes];
  if (workload.kind === 'distribution' && workload.client === 'per-request') {
    notes.push('measured per request by bench/closed-loop-client.mjs (every latency recorded, requests in flight at the end awaited)');
  }
  if (errors > 0) notes.push(`${errors} error(s): ${errorDetail}`);
  if ((usage.serverCoreOthers ?? 0) > 0.1) notes.push(`⚠ the server core was ${(100 * (usage.serverCoreOthers ?? 0)).toFixed(0)}% busy with other work`);
  let verdict: FidelitySide['verdict'] = 'INFO';
  let reason = 'informational';
  if (workload.kind === 'distribution') {
    const misses = rows
      .filter((row) => !(Math.abs(row.relativeError) <= workload.tolerance))
      .map((row) => `p${row.percent} ${(100 * row.relativeError).toFixed(1)}%`);
    if (workload.ksMax !== undefined && !(ksDistance !== undefined && ksDistance <= workload.ksMax))
      misses.push(`KS D ${ksDistance?.toFixed(3)} > ${workload.ksMax}`);
    if (errors > 0) misses.push(`${errors} errors`);
    verdict = misses.length === 0 ? 'PASS' : 'MISS';
    reason = misses.length === 0 ? `all within ±${100 * workload.tolerance}%` : misses.join(', ');
  }
  return {
    ...base,
    notes,
    kind: 'distribution',
    verdict,
    reason,
    connections: workload.connections,
    durationSeconds: measuredSeconds,
    requests,
    rps: requests / measuredSeconds,
    errors,
    rows,
    ksDistance,
    rawKsDistance,
    observed: corrected.map((point) => ({ percent: 100 * point.p, ms: point.x })),
    rawObserved,
    usage,
  };
}

interface LatencyRun {
  corrected: { p: number; x: number }[];
  rows: PercentileRow[];
  ksDistance: number;
  rawKsDistance: number;
  usage: ServerUsage;
  errors: number;
  errorDetail: string;
  requests: number;
  measuredSeconds: number;
  rawObserved: { percent: number; ms: number }[];
}

/** wrk's latency histogram, read on a fine grid and reweighted for the requests wrk drops at the end. */
async function measureWithWrk(
  url: string,
  connections: number,
  durationSeconds: number,
  timeoutSeconds: number,
  sampler: BenchSampler,
  server: RunningServer,
  context: FidelityContext,
): Promise<LatencyRun> {
  const { value: result, usage } = await withUsage(server, context.machine.pinned, () =>
    runWrkPercentiles({ url, connections, durationSeconds, timeoutSeconds }),
  );
  if (!result.ok) throw new Error(`${server.label}: load run failed: ${result.error}`);
  const observed = result.value;
  const raw = observed.quantiles.map((point) => ({ p: point.percent / 100, x: point.ms }));
  const corrected = correctForTruncation(raw, observed.durationSeconds);
  const rows: PercentileRow[] = reportedPercents.map((percent) => {
    const intendedMs = sampler.quantile(percent / 100);
    const observedMs = quantileFromPoints(corrected, percent / 100);
    return { percent, intendedMs, observedMs, relativeError: relativeError(observedMs, intendedMs), rawMs: observedAt(observed, percent) ?? Number.NaN };
  });
  return {
    corrected,
    rows,
    ksDistance: ksDistanceFromQuantiles(corrected, (x) => sampler.cdf(x)),
    rawKsDistance: ksDistanceFromQuantiles(raw, (x) => sampler.cdf(x)),
    usage,
    errors: observed.statusErrors + socketErrorCount(observed),
    errorDetail: `${observed.statusErrors} status ≥ 400, socket ${JSON.stringify(observed.socketErrors)}`,
    requests: observed.requests,
    measuredSeconds: observed.durationSeconds,
    rawObserved: observed.quantiles,
  };
}

/** Every request's latency from the closed-loop client: exact quantiles and KS D on the raw samples. */
async function measurePerRequest(
  url: string,
  connections: number,
  durationSeconds: number,
  sampler: BenchSampler,
  server: RunningServer,
  context: FidelityContext,
): Promise<LatencyRun> {
  const { value: result, usage } = await withUsage(server, context.machine.pinned, () =>
    runClosedLoopClient(url, connections, durationSeconds, 3 * sampler.quantile(0.99999)),
  );
  if (!result.ok) throw new Error(`${server.label}: load run failed: ${result.error}`);
  const { latenciesMs, errors, statusErrors, durationSeconds: measuredSeconds } = result.value;
  if (latenciesMs.length === 0) throw new Error(`${server.label}: no request completed`);
  const grid = Array.from({ length: 999 }, (_, index) => (index + 1) / 1_000);
  const points = grid.map((p) => ({ p, x: quantileOf(latenciesMs, p) }));
  const rows: PercentileRow[] = reportedPercents.map((percent) => {
    const intendedMs = sampler.quantile(percent / 100);
    const observedMs = quantileOf(latenciesMs, percent / 100);
    return { percent, intendedMs, observedMs, relativeError: relativeError(observedMs, intendedMs), rawMs: observedMs };
  });
  const ks = ksDistance(latenciesMs, (x) => sampler.cdf(x));
  return {
    corrected: points,
    rows,
    ksDistance: ks,
    rawKsDistance: ks,
    usage,
    errors: errors + statusErrors,
    errorDetail: `${statusErrors} status ≥ 400, ${errors} socket`,
    requests: latenciesMs.length,
    measuredSeconds,
    rawObserved: points.map((point) => ({ percent: 100 * point.p, ms: point.x })),
  };
}

async function measureRateLimit(
  workload: Extract<FidelityWorkload, { kind: 'rate-limit' }>,
  server: RunningServer,
  base: Base,
  context: FidelityContext,
): Promise<FidelitySide> {
  const url = `${server.baseUrl}${fidelityPath}`;
  const probes = await Promise.all(Array.from({ length: workload.burst * 4 }, () => timedGet(url)));
  const rejected = probes.filter((answer) => answer.status === 429);
  if (rejected.length === 0) {
    return { ...base, kind: 'skipped', verdict: 'NOT-APPLIED', reason: `no rate limit applied: ${probes.length} concurrent requests, none answered 429` };
  }
  const retryAfterHeader = rejected[0]?.headers['retry-after'];
  const retryAfter = Array.isArray(retryAfterHeader) ? retryAfterHeader.join(', ') : retryAfterHeader;
  // Let the bucket fill up again so the run starts from a full burst.
  await sleep(Math.ceil((1_000 * workload.burst) / workload.perSecond) + 500);
  const durationSeconds = context.durationSeconds ?? workload.defaultDurationSeconds;
  const { value: result, usage } = await withUsage(server, context.machine.pinned, () =>
    runWrkPercentiles({ url, connections: workload.connections, durationSeconds, timeoutSeconds: 10 }),
  );
  if (!result.ok) throw new Error(`${server.label}: load run failed: ${result.error}`);
  const run = result.value;
  const admitted = run.requests - run.statusErrors;
  const intendedAdmitted = workload.perSecond * run.durationSeconds + workload.burst;
  const error = relativeError(admitted, intendedAdmitted);
  const rps = run.requests / run.durationSeconds;
  const misses: string[] = [];
  if (!(Math.abs(error) <= workload.tolerance)) misses.push(`admitted ${(100 * error).toFixed(2)}% off`);
  if (rps < workload.minOverload * workload.perSecond) misses.push(`offered only ${rps.toFixed(0)} rps (< ${workload.minOverload}× the rate)`);
  const notes = [...base.notes];
  if (retryAfter === undefined) notes.push('the 429 carried no Retry-After header');
  return {
    ...base,
    notes,
    kind: 'rate-limit',
    verdict: misses.length === 0 ? 'PASS' : 'MISS',
    reason: misses.length === 0 ? `admitted within ±${100 * workload.tolerance}%` : misses.join(', '),
    durationSeconds: run.durationSeconds,
    requests: run.requests,
    rps,
    admitted,
    rejected: run.statusErrors,
    intendedAdmitted,
    relativeError: error,
    retryAfter,
    socketErrors: socketErrorCount(run),
    usage,
  };
}

async function measureBandwidth(workload: Extract<FidelityWorkload, { kind: 'bandwidth' }>, server: RunningServer, base: Base): Promise<FidelitySide> {
  const intendedSeconds = workload.bodyBytes / workload.bytesPerSecond;
  const downloads: { firstByteMs: number; totalMs: number; bytes: number }[] = [];
  for (let i = 0; i < workload.downloads; i++) {
    const answer = await timedGet(`${server.baseUrl}${fidelityPath}`, { timeoutMs: intendedSeconds * 3_000 + 10_000 });
    if (answer.status !== 200 || answer.bytes !== workload.bodyBytes) {
      throw new Error(`${server.label}: expected 200 with ${workload.bodyBytes} bytes, got ${answer.status} with ${answer.bytes}`);
    }
    downloads.push({ firstByteMs: answer.firstByteMs, totalMs: answer.totalMs, bytes: answer.bytes });
    if (answer.totalMs < 500 * intendedSeconds) {
      return {
        ...base,
        kind: 'skipped',
        verdict: 'NOT-APPLIED',
        reason: `no bandwidth cap applied: ${workload.bodyBytes} bytes arrived in ${answer.totalMs.toFixed(0)} ms (intended ${intendedSeconds} s)`,
      };
    }
  }
  const medianSeconds = median(downloads.map((download) => download.totalMs)) / 1_000;
  const error = relativeError(medianSeconds, intendedSeconds);
  return {
    ...base,
    kind: 'bandwidth',
    verdict: Math.abs(error) <= workload.tolerance ? 'PASS' : 'MISS',
    reason: `median transfer ${(100 * error).toFixed(1)}% from ${intendedSeconds} s`,
    intendedSeconds,
    downloads,
    medianSeconds,
    relativeError: error,
  };
}

/** Index of the first answer after which none was fast: the observed switch. */
export function findSwitch(latenciesMs: readonly number[], thresholdMs: number): { index: number | undefined; outOfPlace: number } {
  let lastFast = -1;
  latenciesMs.forEach((latency, index) => {
    if (latency < thresholdMs) lastFast = index;
  });
  const index = lastFast + 1 < latenciesMs.length ? lastFast + 1 : undefined;
  const outOfPlace = latenciesMs.slice(0, index ?? latenciesMs.length).filter((latency) => latency >= thresholdMs).length;
  return { index, outOfPlace };
}

async function measureSchedule(
  workload: Extract<FidelityWorkload, { kind: 'schedule' }>,
  server: RunningServer,
  base: Base,
  spawnedAt: number,
  readyAt: number,
): Promise<FidelitySide> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const probes: { sentAtMs: number; latencyMs: number; serverTiming: string | undefined }[] = [];
  const boundaryWindowMs: [number, number] = [workload.leadSeconds * 1_000, readyAt - spawnedAt + workload.leadSeconds * 1_000];
  const endAt = spawnedAt + boundaryWindowMs[1] + workload.afterSeconds * 1_000;
  try {
    while (performance.now() < endAt) {
      const answer = await timedGet(`${server.baseUrl}${fidelityPath}`, { agent, timeoutMs: 10_000 });
      if (answer.status !== 200) throw new Error(`${server.label} answered ${answer.status}`);
      const timing = answer.headers['server-timing'];
      probes.push({ sentAtMs: answer.sentAt - spawnedAt, latencyMs: answer.firstByteMs, serverTiming: Array.isArray(timing) ? timing.join(', ') : timing });
    }
  } finally {
    agent.destroy();
  }
  const threshold = Math.sqrt(workload.beforeMs * workload.insideMs);
  const { index, outOfPlace } = findSwitch(
    probes.map((probe) => probe.latencyMs),
    threshold,
  );
  const switchAtMs = index === undefined ? undefined : probes[index]?.sentAtMs;
  if (switchAtMs === undefined) {
    return {
      ...base,
      kind: 'skipped',
      verdict: 'NOT-APPLIED',
      reason: `no switch: all ${probes.length} answers stayed below ${threshold.toFixed(0)} ms`,
      notes: base.notes,
    };
  }
  const errorMs = switchAtMs < boundaryWindowMs[0] ? boundaryWindowMs[0] - switchAtMs : switchAtMs > boundaryWindowMs[1] ? switchAtMs - boundaryWindowMs[1] : 0;
  const notes = [...base.notes];
  if (index === 0) notes.push('every answer was slow: the window was open before the first probe');
  return {
    ...base,
    notes,
    kind: 'schedule',
    verdict: index !== 0 && errorMs <= workload.toleranceMs ? 'PASS' : 'MISS',
    reason: `switched ${(switchAtMs / 1_000).toFixed(3)} s after spawn; boundary between ${(boundaryWindowMs[0] / 1_000).toFixed(3)} and ${(boundaryWindowMs[1] / 1_000).toFixed(3)} s → off by ${errorMs.toFixed(0)} ms`,
    boundaryWindowMs,
    switchAtMs,
    errorMs,
    outOfPlace,
    probes,
  };
}

function targetText(workload: FidelityWorkload): string {
  switch (workload.kind) {
    case 'distribution':
      return `p50/p90/p99/p99.9 within ±${100 * workload.tolerance}% of intended${workload.ksMax === undefined ? '' : `, KS D ≤ ${workload.ksMax}`}`;
    case 'fixed-excess':
      return `Mimicus p99 − ${workload.fixedMs} ms ≤ baseline's p99 − ${workload.fixedMs} ms + ${workload.allowanceMs} ms`;
    case 'rate-limit':
      return `admitted (2xx) within ±${100 * workload.tolerance}% of rate × duration + burst, offered ≥ ${workload.minOverload}× the rate`;
    case 'bandwidth':
      return `median transfer time within ±${100 * workload.tolerance}% of body / rate (${workload.bodyBytes / workload.bytesPerSecond} s)`;
    case 'schedule':
      return `the latency switch observed within ${workload.toleranceMs} ms of the window boundary`;
  }
}

/** F3's verdict compares the two sides: Mimicus's p99 excess against the baseline's. */
function judgeExcess(workload: Extract<FidelityWorkload, { kind: 'fixed-excess' }>, sides: FidelitySide[]): void {
  const p99 = (side: FidelitySide | undefined): number | undefined =>
    side?.kind === 'distribution' ? side.rows.find((row) => row.percent === 99)?.observedMs : undefined;
  const bare = sides.find((side) => side.side === 'bare');
  const mimicus = sides.find((side) => side.side === 'mimicus');
  const bareP99 = p99(bare);
  const mimicusP99 = p99(mimicus);
  if (bare?.kind === 'distribution' && bareP99 !== undefined) bare.reason = `p99 excess ${(bareP99 - workload.fixedMs).toFixed(1)} ms (the reference)`;
  if (mimicus?.kind === 'distribution' && mimicusP99 !== undefined && bareP99 !== undefined) {
    const excess = mimicusP99 - workload.fixedMs;
    const allowed = bareP99 - workload.fixedMs + workload.allowanceMs;
    mimicus.verdict = excess <= allowed && mimicus.errors === 0 ? 'PASS' : 'MISS';
    mimicus.reason = `p99 excess ${excess.toFixed(1)} ms vs allowed ${allowed.toFixed(1)} ms${mimicus.errors > 0 ? `, ${mimicus.errors} errors` : ''}`;
  }
}

/** Runs one workload: the bare baseline first, then Mimicus (or its stand-in), one server at a time. */
export async function runFidelityWorkload(workload: FidelityWorkload, context: FidelityContext): Promise<FidelityWorkloadResult> {
  const startedAt = new Date().toISOString();
  let loaded: LoadedSampler | undefined;
  if (workload.kind === 'distribution') loaded = await loadLatencySampler(workload.latency, fidelitySeed);
  if (workload.kind === 'fixed-excess') loaded = await loadLatencySampler({ fixed: `${workload.fixedMs}ms` }, fidelitySeed);
  if (loaded) context.log(`  sampler: ${loaded.sampler.label} from ${loaded.source}${loaded.note ? ` (${loaded.note})` : ''}`);

  const sides: FidelitySide[] = [];
  for (const side of ['bare', 'mimicus'] as const) {
    const standIn = side === 'mimicus' && context.start.standIn;
    const spec: ServerSpec =
      side === 'bare' || standIn
        ? { kind: 'fidelity-bare', spec: bareSpecFor(workload) }
        : { kind: 'mimicus', config: mimicusConfigFor(workload), standIn: { status: 200, headers: {}, body: 'ok' } };
    const label = `${workload.name} ${side}`;
    const runsAs = side === 'bare' ? 'bare' : standIn ? 'stand-in' : 'mimicus';
    const base: Base = { side, runsAs, notes: [] };
    context.log(`  ${side}${standIn ? ' (stand-in)' : ''}: starting`);
    const spawnedAt = performance.now();
    let server: RunningServer;
    try {
      server = await startServer(spec, label, { ...context.start, standIn: false });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (side === 'bare') throw error;
      sides.push({ ...base, kind: 'skipped', verdict: 'FAILED', reason: `did not start: ${message.split('\n').slice(0, 6).join(' ')}` });
      context.log(`  ${side}: did not start: ${message.split('\n')[0]}`);
      continue;
    }
    const readyAt = performance.now();
    try {
      let result: FidelitySide;
      switch (workload.kind) {
        case 'distribution':
        case 'fixed-excess':
          result = await measureLatency(workload, (loaded as LoadedSampler).sampler, server, base, context);
          break;
        case 'rate-limit':
          result = await measureRateLimit(workload, server, base, context);
          break;
        case 'bandwidth':
          result = await measureBandwidth(workload, server, base);
          break;
        case 'schedule':
          result = await measureSchedule(workload, server, base, spawnedAt, readyAt);
          break;
      }
      sides.push(result);
      if (workload.kind !== 'fixed-excess') context.log(`  ${side}: ${result.verdict} — ${result.reason}`);
    } catch (error) {
      if (side === 'bare') throw error;
      const message = error instanceof Error ? error.message : String(error);
      sides.push({ ...base, kind: 'skipped', verdict: 'FAILED', reason: message.split('\n').slice(0, 6).join(' ') });
      context.log(`  ${side}: FAILED — ${message.split('\n')[0]}`);
    } finally {
      await server.stop();
    }
  }
  if (workload.kind === 'fixed-excess') {
    judgeExcess(workload, sides);
    for (const side of sides) if (side.kind !== 'skipped') context.log(`  ${side.side}: ${side.verdict} — ${side.reason}`);
  }
  return {
    workload: workload.name,
    title: workload.title,
    target: targetText(workload),
    sampler: loaded ? { source: loaded.source, label: loaded.sampler.label, note: loaded.note } : undefined,
    sides,
    machine: context.machine,
    startedAt,
  };
}
