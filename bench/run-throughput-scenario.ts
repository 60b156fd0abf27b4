import type { LoadGenerator } from './load-generator.js';
import { errorCount } from './load-result.js';
import type { MachineInfo } from './machine-info.js';
import { foreignShare, sampleCore } from './core-usage.js';
import { median } from './median.js';
import { loadCore, serverCore } from './pin-to-core.js';
import { methodOf, type Scenario, type ScenarioSide } from './scenario.js';
import { startServer, type RunningServer, type StartOptions } from './start-server.js';
import {
  contendedShare,
  type PairRecord,
  type RunRecord,
  type SideSummary,
  type ThroughputResult,
  type ThroughputSettings,
  type Verdict,
} from './throughput-result.js';
import { compareHeaders, verifySide, type VerifiedAnswer } from './verify-side.js';

export interface ScenarioRunContext {
  settings: ThroughputSettings;
  start: StartOptions;
  loadGenerator: LoadGenerator;
  machine: MachineInfo;
  log: (line: string) => void;
}

/** Seconds a scenario is expected to take, for the estimate printed up front. */
export function expectedScenarioSeconds(settings: ThroughputSettings): number {
  const startAndVerify = 6;
  const perRunOverhead = 0.5;
  return startAndVerify + 2 * settings.warmupSeconds + settings.pairs * 2 * (settings.durationSeconds + perRunOverhead);
}

/** Seconds the retries of contended pairs may add at most. */
export function retrySeconds(settings: ThroughputSettings): number {
  return settings.retries * 2 * (settings.durationSeconds + 0.5);
}

async function measure(side: 'a' | 'b', server: RunningServer, target: ScenarioSide, context: ScenarioRunContext): Promise<RunRecord> {
  const { settings, loadGenerator } = context;
  const pinned = context.machine.pinned;
  const serverBefore = pinned ? await sampleCore(serverCore, server.pid) : undefined;
  const loadBefore = pinned ? await sampleCore(loadCore, process.pid, true) : undefined;
  const result = await loadGenerator.run({
    url: `${server.baseUrl}${target.path}`,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    request: target.request,
  });
  const serverAfter = pinned ? await sampleCore(serverCore, server.pid) : undefined;
  const loadAfter = pinned ? await sampleCore(loadCore, process.pid, true) : undefined;
  const ended = server.exitStatus();
  if (ended !== undefined) {
    throw new Error(`${server.label} (${server.kind}) died during the load run (${ended})\n--- its output ---\n${server.output().trim()}`);
  }
  if (!result.ok) throw new Error(`${server.label}: load run failed: ${result.error}`);
  return {
    side,
    load: result.value,
    rssAfterBytes: await server.rssBytes(),
    errors: errorCount(result.value),
    serverCoreOthers: foreignShare(serverBefore, serverAfter),
    loadCoreOthers: foreignShare(loadBefore, loadAfter),
  };
}

const isContended = (run: RunRecord): boolean => Math.max(run.serverCoreOthers ?? 0, run.loadCoreOthers ?? 0) > contendedShare;
const isClean = (pair: PairRecord): boolean => pair.a.errors + pair.b.errors === 0 && !isContended(pair.a) && !isContended(pair.b);

function summarize(side: ScenarioSide, server: RunningServer, runs: RunRecord[], verified: VerifiedAnswer): SideSummary {
  const rss = runs.map((run) => run.rssAfterBytes).filter((bytes): bytes is number => bytes !== undefined);
  return {
    label: side.label,
    kind: server.kind,
    method: methodOf(side),
    path: side.path,
    idleRssBytes: server.idleRssBytes,
    maxRssBytes: rss.length > 0 ? Math.max(...rss) : undefined,
    medianRps: median(runs.map((run) => run.load.rps)),
    medianP50Ms: median(runs.map((run) => run.load.latencyMs.p50)),
    medianP99Ms: median(runs.map((run) => run.load.latencyMs.p99)),
    verifiedHeaders: verified.headers,
    verifiedBodyBytes: verified.bodyBytes,
  };
}

/** "GET /hello", "GET /visit / /hello" (one method, two paths) or "POST /items / GET /hello". */
function describeRequests(a: ScenarioSide, b: ScenarioSide): string {
  if (methodOf(a) !== methodOf(b)) return `${methodOf(a)} ${a.path} / ${methodOf(b)} ${b.path}`;
  return `${methodOf(a)} ${a.path}${a.path === b.path ? '' : ` / ${b.path}`}`;
}

function verdictOf(medianRatio: number, targetRatio: number | undefined): Verdict {
  if (targetRatio === undefined) return 'INFO';
  return medianRatio >= targetRatio ? 'PASS' : 'MISS';
}

/**
 * Runs one scenario: start both servers (pinned), check each answers correctly, warm both up,
 * then measure `pairs` A/B pairs in alternating order and take the median ratio.
 */
export async function runThroughputScenario(scenario: Scenario, context: ScenarioRunContext): Promise<ThroughputResult> {
  const { settings, log } = context;
  const startedAt = new Date().toISOString();
  const servers: RunningServer[] = [];
  try {
    log(`  starting A: ${scenario.a.label}`);
    const a = await startServer(scenario.a.server, scenario.a.label, context.start);
    servers.push(a);
    log(`  starting B: ${scenario.b.label}`);
    const b = await startServer(scenario.b.server, scenario.b.label, context.start);
    servers.push(b);

    const verifiedA = await verifySide(scenario.a, a);
    const verifiedB = await verifySide(scenario.b, b);
    log(`  verified: both answer ${describeRequests(scenario.a, scenario.b)} correctly`);
    const notes = compareHeaders(verifiedA, verifiedB, 'A', 'B');
    if (verifiedA.bodyBytes !== verifiedB.bodyBytes) notes.push(`body size differs: A ${verifiedA.bodyBytes} B, B ${verifiedB.bodyBytes} B`);
    if (settings.standIn) notes.push('--stand-in: every Mimicus server was replaced by the bare server (harness self-test)');
    if (!context.machine.pinned) notes.push('taskset unavailable or fewer than 2 cores: servers and load generator were not pinned');

    if (settings.warmupSeconds > 0) {
      for (const [server, side] of [
        [a, scenario.a],
        [b, scenario.b],
      ] as const) {
        log(`  warming up ${server.label} for ${settings.warmupSeconds} s`);
        const warm = await context.loadGenerator.run({
          url: `${server.baseUrl}${side.path}`,
          connections: settings.connections,
          durationSeconds: settings.warmupSeconds,
          request: side.request,
        });
        if (!warm.ok) throw new Error(`${server.label}: warm-up failed: ${warm.error}`);
      }
    }

    const pairs: PairRecord[] = [];
    const discardedPairs: PairRecord[] = [];
    let attempt = 0;
    while (pairs.length < settings.pairs) {
      attempt += 1;
      const order = attempt % 2 === 1 ? 'AB' : 'BA';
      const first = order === 'AB' ? await measure('a', a, scenario.a, context) : await measure('b', b, scenario.b, context);
      const second = order === 'AB' ? await measure('b', b, scenario.b, context) : await measure('a', a, scenario.a, context);
      const runA = first.side === 'a' ? first : second;
      const runB = first.side === 'b' ? first : second;
      const record: PairRecord = { pair: pairs.length + 1, order, a: runA, b: runB, ratio: runA.load.rps / runB.load.rps };
      const contended = isContended(runA) || isContended(runB);
      const retry = contended && discardedPairs.length < settings.retries;
      const percent = (share: number | undefined): string => (share === undefined ? '?' : `${Math.round(share * 100)}%`);
      const busy = (run: RunRecord): string => `${percent(run.serverCoreOthers)}/${percent(run.loadCoreOthers)}`;
      const flag =
        (runA.errors + runB.errors > 0 ? `  ⚠ errors A ${runA.errors} B ${runB.errors}` : '') +
        (contended ? `  ⚠ cores busy with other work (server/load core: A ${busy(runA)}, B ${busy(runB)})` : '') +
        (retry ? ` → discarded, measuring again (${discardedPairs.length + 1}/${settings.retries} retries)` : '');
      log(
        `  pair ${pairs.length + 1}/${settings.pairs} (${order}): A ${Math.round(runA.load.rps)} rps, B ${Math.round(runB.load.rps)} rps, A/B ${record.ratio.toFixed(3)}${flag}`,
      );
      if (retry) discardedPairs.push(record);
      else pairs.push(record);
    }

    const ratios = pairs.map((pair) => pair.ratio);
    const medianRatio = median(ratios);
    const cleanRatios = pairs.filter(isClean).map((pair) => pair.ratio);
    const runs = pairs.flatMap((pair) => [pair.a, pair.b]);
    return {
      scenario: { name: scenario.name, description: scenario.description, targetRatio: scenario.targetRatio },
      startedAt,
      finishedAt: new Date().toISOString(),
      settings,
      machine: context.machine,
      a: summarize(
        scenario.a,
        a,
        pairs.map((pair) => pair.a),
        verifiedA,
      ),
      b: summarize(
        scenario.b,
        b,
        pairs.map((pair) => pair.b),
        verifiedB,
      ),
      pairs,
      discardedPairs,
      medianRatio,
      cleanMedianRatio: cleanRatios.length > 0 ? median(cleanRatios) : undefined,
      cleanPairs: cleanRatios.length,
      minRatio: Math.min(...ratios),
      maxRatio: Math.max(...ratios),
      verdict: verdictOf(medianRatio, scenario.targetRatio),
      flaggedRuns: runs.filter((run) => run.errors > 0).length,
      contendedRuns: runs.filter(isContended).length,
      notes,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
