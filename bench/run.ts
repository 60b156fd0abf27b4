/**
 * Entry point of `npm run bench -- <suite> [scenario...] [options]` (see bench/README.md).
 * Exit codes: 0 when every run completed (whatever the verdicts), 1 on a harness or server
 * failure, 2 on bad arguments, 124 on the overall time limit, 130 on Ctrl-C.
 */
import { againstScenario } from './against-scenario.js';
import { attackPeers } from './attack-peers/peer-servers.js';
import { attacks } from './attacks/index.js';
import { renderImportSpeed, runImportSpeed } from './import-speed.js';
import { buildRef, type RefBuild } from './build-ref.js';
import { runInstructionsSuite } from './instructions/index.js';
import { runProxyBench } from './proxy/index.js';
import { runChaosBench } from './chaos/index.js';
import { parseBenchOptions, usage, type BenchOptions } from './bench-options.js';
import { installCleanup, killAllChildren } from './child-processes.js';
import { removeConfigFiles } from './config-file.js';
import { loadLatencySampler } from './fidelity-sampler.mjs';
import type { FidelityWorkloadResult } from './fidelity-result.js';
import { expectedSideSeconds, fidelitySeed, fidelityWorkloads } from './fidelity-workloads.js';
import { pickLoadGenerator } from './load-generator.js';
import { machineInfo } from './machine-info.js';
import { renderFidelityReport, renderFidelitySummary, renderFidelitySvg } from './render-fidelity-report.js';
import { renderAgainstSummary } from './render-against-summary.js';
import { renderAttackReport } from './render-attack-report.js';
import { renderRssReport } from './render-rss-report.js';
import { renderThroughputReport } from './render-throughput-report.js';
import type { ThroughputResult } from './throughput-result.js';
import { expectedScenarioSeconds, retrySeconds, runThroughputScenario } from './run-throughput-scenario.js';
import { openFileLimit, runAttack, type AttackResult } from './run-attack.js';
import { runFidelityWorkload } from './run-fidelity-workload.js';
import { runRssCheck } from './run-rss-check.js';
import { bareStartup, mimicusStartup, renderStartupReport, runStartup } from './run-startup.js';
import { throughputScenarios } from './scenarios/index.js';
import type { StartOptions } from './start-server.js';
import { fileTimestamp, writeResults, writeResultFile } from './write-results.js';

const log = (line: string): void => console.error(line);

async function main(): Promise<number> {
  const parsed = parseBenchOptions(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`bench: ${parsed.error}\n\n${usage}`);
    return 2;
  }
  const options = parsed.value;
  if (options.help) {
    console.log(usage);
    return 0;
  }
  if (options.list) {
    for (const scenario of throughputScenarios) {
      console.log(`${scenario.name.padEnd(16)} target ${scenario.targetRatio ?? '–'}  ${scenario.description}`);
    }
    for (const workload of fidelityWorkloads) console.log(`fidelity ${workload.name.padEnd(7)} ${workload.title}`);
    for (const attack of attacks) console.log(`attacks ${attack.name.padEnd(17)} ${attack.description}`);
    return 0;
  }
  if (options.suites.includes('attacks')) return runAttackSuite(options);
  if (options.suites.includes('import')) return runImportSuite(options);
  if (options.suites.includes('proxy')) return runProxyBench();
  if (options.suites.includes('startup')) return runStartupSuite(options);
  if (options.suites.includes('chaos')) return runChaosBench(options.scenarioNames);
  if (options.suites.includes('instructions')) {
    const { requests, warmupRequests, repeats, connections } = options.instructions;
    // Under valgrind start-up takes ~10-30× longer: a 30 s ready timeout is too short for it.
    const readyTimeoutMs = Math.max(options.readyTimeoutMs, 300_000);
    return runInstructionsSuite(
      {
        rows: options.scenarioNames,
        against: options.against,
        mimicusBin: options.mimicusBin,
        repeats,
        settings: { requests, warmupRequests, connections, idleSeconds: 5, readyTimeoutMs },
      },
      log,
    );
  }

  const known = options.suites.includes('fidelity') ? fidelityWorkloads.map((workload) => workload.name) : throughputScenarios.map((scenario) => scenario.name);
  const unknown = options.scenarioNames.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`bench: unknown ${options.suites.includes('fidelity') ? 'workload' : 'scenario'} ${unknown.join(', ')} (known: ${known.join(', ')})`);
    return 2;
  }
  const workloads = options.suites.includes('fidelity')
    ? fidelityWorkloads.filter((workload) => options.scenarioNames.length === 0 || options.scenarioNames.includes(workload.name))
    : [];
  const chosenScenarios = options.suites.includes('throughput')
    ? throughputScenarios.filter(
        (scenario) =>
          options.scenarioNames.length === 0 ||
          options.scenarioNames.includes(scenario.name) ||
          (scenario.peerOf !== undefined && options.scenarioNames.includes(scenario.peerOf)),
      )
    : [];

  let refBuild: RefBuild | undefined;
  if (options.against !== undefined) {
    try {
      refBuild = await buildRef(options.against, log);
    } catch (error) {
      console.error(`bench: --against ${options.against}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  // A peer has no Mimicus side to build twice: `--against` compares builds only.
  const scenarios =
    refBuild === undefined
      ? chosenScenarios
      : chosenScenarios.filter((scenario) => scenario.peerOf === undefined).map((scenario) => againstScenario(scenario, refBuild));

  const generator = pickLoadGenerator();
  if (!generator.ok) {
    console.error(`bench: ${generator.error}`);
    return 1;
  }
  const machine = machineInfo(generator.value.version);
  const start: StartOptions = { standIn: options.settings.standIn, mimicusBin: options.mimicusBin, readyTimeoutMs: options.readyTimeoutMs };

  const expectedSeconds =
    scenarios.length * expectedScenarioSeconds(options.settings) +
    (options.suites.includes('rss') ? 35 : 0) +
    workloads.reduce((sum, workload) => sum + 2 * expectedSideSeconds(workload, options.fidelityDurationSeconds, options.settings.warmupSeconds), 0);
  const worstRetrySeconds = scenarios.length * retrySeconds(options.settings);
  // Building the other ref (tsc under load, or npm ci when its lockfile differs) may take minutes.
  const buildSeconds = options.against === undefined ? 0 : 900;
  const limitSeconds = Math.ceil((expectedSeconds + worstRetrySeconds) * 1.5 + ((scenarios.length + 1) * options.readyTimeoutMs) / 1_000 + 30 + buildSeconds);
  installCleanup(limitSeconds * 1_000);
  log(
    `bench: ${[...scenarios.map((scenario) => `throughput ${scenario.name}`), ...(options.suites.includes('rss') ? ['rss'] : []), ...workloads.map((workload) => `fidelity ${workload.name}`)].join(', ')}` +
      ` — expected about ${Math.ceil(expectedSeconds)} s${worstRetrySeconds > 0 ? `, up to ${Math.ceil(expectedSeconds + worstRetrySeconds)} s if contended pairs are measured again` : ''} (hard limit ${limitSeconds} s); ${generator.value.tool}${scenarios.length > 0 ? `, ${options.settings.connections} connections` : ''}` +
      `${options.settings.standIn ? '; --stand-in: bare servers replace Mimicus' : ''}`,
  );
  log(`bench: load average at start ${machine.loadAverageAtStart.map((value) => value.toFixed(2)).join(' / ')}`);

  const timestamp = fileTimestamp();
  let failures = 0;
  const throughputResults: ThroughputResult[] = [];
  for (const scenario of scenarios) {
    log(`\nthroughput ${scenario.name}:`);
    try {
      const result = await runThroughputScenario(scenario, { settings: options.settings, start, loadGenerator: generator.value, machine, log });
      throughputResults.push(result);
      const markdown = renderThroughputReport(result);
      console.log(`\n${markdown}`);
      const files = await writeResults(scenario.name, timestamp, markdown, result);
      log(`written: ${files.join(', ')}`);
    } catch (error) {
      failures += 1;
      console.error(`\nbench: throughput ${scenario.name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  if (refBuild !== undefined && throughputResults.length > 0) {
    const summary = renderAgainstSummary(throughputResults, refBuild);
    console.log(`\n${summary}`);
    log(`written: ${(await writeResults('throughput-against', timestamp, summary, throughputResults)).join(', ')}`);
  }

  if (options.suites.includes('rss')) {
    log('\nrss:');
    try {
      const result = await runRssCheck(start, machine);
      const markdown = renderRssReport(result);
      console.log(`\n${markdown}`);
      log(`written: ${(await writeResults('rss', timestamp, markdown, result)).join(', ')}`);
    } catch (error) {
      failures += 1;
      console.error(`\nbench: rss FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const fidelityResults: FidelityWorkloadResult[] = [];
  for (const workload of workloads) {
    log(`\nfidelity ${workload.name}: ${workload.title}`);
    try {
      const context = { start, durationSeconds: options.fidelityDurationSeconds, warmupSeconds: options.settings.warmupSeconds, machine, log };
      const result = await runFidelityWorkload(workload, context);
      fidelityResults.push(result);
      const name = `fidelity-${workload.name}`;
      const latency = workload.kind === 'distribution' ? workload.latency : workload.kind === 'fixed-excess' ? { fixed: `${workload.fixedMs}ms` } : undefined;
      const sampler = latency ? (await loadLatencySampler(latency, fidelitySeed)).sampler : undefined;
      const svg = renderFidelitySvg(result, sampler);
      const svgFile = svg === undefined ? undefined : await writeResultFile(name, timestamp, 'svg', svg);
      const markdown = renderFidelityReport(result, svgFile);
      console.log(`\n${markdown}`);
      log(`written: ${[...(await writeResults(name, timestamp, markdown, result)), ...(svgFile ? [svgFile] : [])].join(', ')}`);
    } catch (error) {
      failures += 1;
      console.error(`\nbench: fidelity ${workload.name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (fidelityResults.length > 1) {
    const summary = renderFidelitySummary(fidelityResults);
    console.log(`\n${summary}`);
    log(
      `written: ${(
        await writeResults(
          'fidelity-summary',
          timestamp,
          summary,
          fidelityResults.map((result) => ({
            workload: result.workload,
            sides: result.sides.map((side) => ({ side: side.side, runsAs: side.runsAs, verdict: side.verdict, reason: side.reason })),
          })),
        )
      ).join(', ')}`,
    );
  }

  removeConfigFiles();
  if (failures > 0) console.error(`\nbench: ${failures} part(s) failed`);
  return failures > 0 ? 1 : 0;
}

/** `npm run bench -- attacks [name...]`: the baseline, then each attack, each against a fresh server. */
/** `npm run bench -- import`: import and serve-start times of large OpenAPI documents (bench/import-speed.ts). */
async function runImportSuite(options: BenchOptions): Promise<number> {
  installCleanup(600_000);
  const rows = await runImportSpeed(options.mimicusBin, log);
  const report = renderImportSpeed(rows);
  console.log(report);
  await writeResultFile('import', fileTimestamp(), 'md', report);
  return 0;
}

/** `npm run bench -- startup [--against REF]`: issue 19's start-to-first-answer row (bench/run-startup.ts). */
async function runStartupSuite(options: BenchOptions): Promise<number> {
  installCleanup(1_800_000);
  let ref: RefBuild | undefined;
  if (options.against !== undefined) {
    try {
      ref = await buildRef(options.against, log);
    } catch (error) {
      console.error(`bench: --against ${options.against}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  const sides = [
    mimicusStartup('mimicus --no-admin', options.mimicusBin, false, 250),
    ...(ref ? [mimicusStartup(`${options.against} --no-admin`, ref.bin, false)] : []),
    mimicusStartup('mimicus (admin on)', options.mimicusBin, true, 400),
    ...(ref ? [mimicusStartup(`${options.against} (admin on)`, ref.bin, true)] : []),
    bareStartup,
  ];
  const loadAverage = machineInfo('').loadAverageAtStart;
  log(`bench: startup, ${options.settings.pairs * 3} runs per server, interleaved`);
  const rows = await runStartup(sides, options.settings.pairs * 3, options.readyTimeoutMs, log);
  const report = renderStartupReport(rows, loadAverage);
  console.log(`\n${report}`);
  log(`written: ${(await writeResults('startup', fileTimestamp(), report, rows)).join(', ')}`);
  return 0;
}

async function runAttackSuite(options: BenchOptions): Promise<number> {
  const unknown = options.scenarioNames.filter((name) => !attacks.some((attack) => attack.name === name));
  if (unknown.length > 0) {
    console.error(`bench: unknown attack ${unknown.join(', ')} (known: ${attacks.map((attack) => attack.name).join(', ')})`);
    return 2;
  }
  const chosen = attacks.filter((attack) => attack.name === 'baseline' || options.scenarioNames.length === 0 || options.scenarioNames.includes(attack.name));
  const start: StartOptions = { standIn: options.settings.standIn, mimicusBin: options.mimicusBin, readyTimeoutMs: options.readyTimeoutMs };
  const runs = chosen.reduce((sum, attack) => sum + options.attackRounds * (attack.peers === true && options.attackPeers ? 1 + attackPeers.length : 1), 0);
  const limitSeconds = runs * (options.attackSeconds + 50) + 30;
  installCleanup(limitSeconds * 1_000);
  const openFiles = openFileLimit();
  log(
    `bench: attacks ${chosen.map((attack) => attack.name).join(', ')} — ${options.attackSeconds} s each, ${runs} runs, expected about ${runs * (options.attackSeconds + 8)} s (hard limit ${limitSeconds} s); open-file limit ${openFiles ?? 'unknown'}`,
  );
  if (openFiles !== undefined && openFiles < 10_500 && chosen.some((attack) => attack.name === 'idle-connections' || attack.name === 'held-connections-rps')) {
    log(
      'bench: the open-file limit is below 10,500: idle-connections and held-connections-rps will hold fewer than 10,000 connections (raise it with `ulimit -n 65536` first)',
    );
  }
  const machine = machineInfo('bench/attack-probe.mjs (open loop, 100 req/s)');
  const peers = options.attackPeers ? attackPeers.filter((peer) => peer.absent() === undefined) : [];
  for (const peer of options.attackPeers ? attackPeers : []) if (peer.absent() !== undefined) log(`bench: peer ${peer.name} absent: ${peer.absent()}`);
  const results: AttackResult[] = [];
  for (const attack of chosen) {
    log(`\nattack ${attack.name}: ${attack.description}`);
    const sides = [undefined, ...(attack.peers === true ? peers : [])];
    for (let round = 0; round < options.attackRounds; round += 1) {
      // Alternate which side goes first, so a drift in the machine's load favours neither.
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) results.push(await runAttack(attack, options.attackSeconds, start, log, side));
    }
  }
  const markdown = renderAttackReport(results, machine, openFiles);
  console.log(`\n${markdown}`);
  log(`written: ${(await writeResults('attacks', fileTimestamp(), markdown, results)).join(', ')}`);
  return results.some((result) => result.verdict === 'ERROR') ? 1 : 0;
}

main().then(
  (code) => {
    killAllChildren();
    process.exit(code);
  },
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAllChildren();
    process.exit(1);
  },
);
