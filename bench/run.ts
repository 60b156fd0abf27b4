/**
 * Entry point of `npm run bench -- <suite> [scenario...] [options]` (see bench/README.md).
 * Exit codes: 0 when every run completed (whatever the verdicts), 1 on a harness or server
 * failure, 2 on bad arguments, 124 on the overall time limit, 130 on Ctrl-C.
 */
import { parseBenchOptions, usage } from './bench-options.js';
import { installCleanup, killAllChildren } from './child-processes.js';
import { removeConfigFiles } from './config-file.js';
import { pickLoadGenerator } from './load-generator.js';
import { machineInfo } from './machine-info.js';
import { renderRssReport } from './render-rss-report.js';
import { renderThroughputReport } from './render-throughput-report.js';
import { expectedScenarioSeconds, retrySeconds, runThroughputScenario } from './run-throughput-scenario.js';
import { runRssCheck } from './run-rss-check.js';
import { throughputScenarios } from './scenarios/index.js';
import type { StartOptions } from './start-server.js';
import { fileTimestamp, writeResults } from './write-results.js';

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
    return 0;
  }

  const unknown = options.scenarioNames.filter((name) => !throughputScenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`bench: unknown scenario ${unknown.join(', ')} (known: ${throughputScenarios.map((scenario) => scenario.name).join(', ')})`);
    return 2;
  }
  const scenarios = options.suites.includes('throughput')
    ? throughputScenarios.filter((scenario) => options.scenarioNames.length === 0 || options.scenarioNames.includes(scenario.name))
    : [];

  const generator = pickLoadGenerator();
  if (!generator.ok) {
    console.error(`bench: ${generator.error}`);
    return 1;
  }
  const machine = machineInfo(generator.value.version);
  const start: StartOptions = { standIn: options.settings.standIn, mimicusBin: options.mimicusBin, readyTimeoutMs: options.readyTimeoutMs };

  const expectedSeconds =
    scenarios.length * expectedScenarioSeconds(options.settings) + (options.suites.includes('rss') ? 35 : 0);
  const worstRetrySeconds = scenarios.length * retrySeconds(options.settings);
  const limitSeconds = Math.ceil((expectedSeconds + worstRetrySeconds) * 1.5 + ((scenarios.length + 1) * options.readyTimeoutMs) / 1_000 + 30);
  installCleanup(limitSeconds * 1_000);
  log(
    `bench: ${[...scenarios.map((scenario) => `throughput ${scenario.name}`), ...(options.suites.includes('rss') ? ['rss'] : [])].join(', ')}` +
      ` — expected about ${Math.ceil(expectedSeconds)} s, up to ${Math.ceil(expectedSeconds + worstRetrySeconds)} s if contended pairs are measured again (hard limit ${limitSeconds} s); ${generator.value.tool}, ${options.settings.connections} connections` +
      `${options.settings.standIn ? '; --stand-in: bare servers replace Mimicus' : ''}`,
  );
  log(`bench: load average at start ${machine.loadAverageAtStart.map((value) => value.toFixed(2)).join(' / ')}`);

  const timestamp = fileTimestamp();
  let failures = 0;
  for (const scenario of scenarios) {
    log(`\nthroughput ${scenario.name}:`);
    try {
      const result = await runThroughputScenario(scenario, { settings: options.settings, start, loadGenerator: generator.value, machine, log });
      const markdown = renderThroughputReport(result);
      console.log(`\n${markdown}`);
      const files = await writeResults(scenario.name, timestamp, markdown, result);
      log(`written: ${files.join(', ')}`);
    } catch (error) {
      failures += 1;
      console.error(`\nbench: throughput ${scenario.name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
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

  removeConfigFiles();
  if (failures > 0) console.error(`\nbench: ${failures} part(s) failed`);
  return failures > 0 ? 1 : 0;
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
