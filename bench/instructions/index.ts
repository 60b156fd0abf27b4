/**
 * `npm run bench -- instructions [row...] [--against REF] [--requests N] [--repeats N]`: each
 * throughput row's Mimicus side (A) run under callgrind, a fixed number of requests counted, and
 * the instructions per request printed; with --against, the same side built from REF beside it,
 * and the ratio. Instruction counts do not move with the machine's load, unlike requests/s, so
 * this is the check that answers "does this row cost more than REF?" on a shared machine.
 */
import { loadavg } from 'node:os';
import { buildRef } from '../build-ref.js';
import { installCleanup } from '../child-processes.js';
import { removeConfigFiles } from '../config-file.js';
import { median } from '../median.js';
import type { ScenarioSide } from '../scenario.js';
import { throughputScenarios } from '../scenarios/index.js';
import { fileTimestamp, writeResults } from '../write-results.js';
import { countSide, type InstructionSettings, type SideCount } from './measure-side.js';
import { renderInstructionReport, type InstructionRow } from './render-instructions.js';

export interface InstructionSuiteOptions {
  rows: readonly string[];
  against: string | undefined;
  mimicusBin: string;
  repeats: number;
  settings: InstructionSettings;
}

/** Rows whose side A is Mimicus (every row but the peers); the rows to run when none is named. */
const mimicusRows = throughputScenarios.filter((scenario) => scenario.a.server.kind === 'mimicus' || scenario.a.server.kind === 'mimicus-file');

export async function runInstructionsSuite(options: InstructionSuiteOptions, log: (line: string) => void): Promise<number> {
  const unknown = options.rows.filter((name) => !mimicusRows.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`bench: instructions: unknown row ${unknown.join(', ')} (known: ${mimicusRows.map((scenario) => scenario.name).join(', ')})`);
    return 2;
  }
  const rows = mimicusRows.filter((scenario) => options.rows.length === 0 || options.rows.includes(scenario.name));
  // Under callgrind a request costs ~10-30 ms of wall time on a busy machine; start-up ~30 s.
  installCleanup((rows.length * options.repeats * (120 + (options.settings.requests + options.settings.warmupRequests) * 0.06) + 1_200) * 1_000);
  const loadAverage = loadavg();
  let refBin: string | undefined;
  let refLabel: string | undefined;
  if (options.against !== undefined) {
    try {
      const built = await buildRef(options.against, log);
      refBin = built.bin;
      refLabel = `${options.against} = ${built.commit.slice(0, 12)}`;
    } catch (error) {
      console.error(`bench: --against ${options.against}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  log(
    `bench: instructions ${rows.map((row) => row.name).join(', ')}: ${options.settings.warmupRequests} warm-up + ${options.settings.requests} counted requests per run, ${options.repeats} run(s) per side${refBin ? ', both builds at once' : ''}`,
  );
  const results: InstructionRow[] = [];
  for (const scenario of rows) {
    const side: ScenarioSide = scenario.a;
    const a: SideCount[] = [];
    const b: SideCount[] = [];
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      // Both builds at once: counts do not depend on sharing the cores, and it halves the wall time.
      const [ours, theirs] = await Promise.all([
        countSide(side, options.mimicusBin, options.settings),
        refBin === undefined ? Promise.resolve(undefined) : countSide(side, refBin, options.settings),
      ]);
      a.push(ours);
      if (theirs !== undefined) b.push(theirs);
      log(
        `  ${scenario.name} run ${repeat + 1}: this build ${Math.round(ours.perRequest).toLocaleString('en')} instructions/request` +
          (theirs ? `, ${refLabel} ${Math.round(theirs.perRequest).toLocaleString('en')} (A/B ${(ours.perRequest / theirs.perRequest).toFixed(3)})` : ''),
      );
    }
    results.push({ row: scenario.name, label: side.label, a, b });
  }
  removeConfigFiles();
  const report = renderInstructionReport(results, { refLabel, loadAverage, settings: options.settings, median });
  console.log(`\n${report}`);
  log(`written: ${(await writeResults('instructions', fileTimestamp(), report, results)).join(', ')}`);
  return 0;
}
