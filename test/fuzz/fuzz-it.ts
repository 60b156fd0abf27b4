import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { it } from 'vitest';
import { fuzzSettings, isLongRun } from './fuzz-settings.js';

/** What one property did: the line a long run appends to its report. */
export interface FuzzRecord {
  target: string;
  title: string;
  runs: number;
  seconds: number;
  failures: { seed: number; path: string | undefined; counterexample: string; error: string }[];
  /** Peak RSS of the process that ran it (the vitest worker), when the property ended. */
  maxRssMb?: number;
}

// Counted while vitest collects the file (before any test runs), so a long run can split the
// file's time evenly between its properties. Each test file gets fresh modules, so this is per file.
let registeredInFile = 0;

/** A long run's last check needs at least this long to make a run at all. */
const MIN_CHECK_MS = 100;

const hash = (text: string): number => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

const describeFailure = <Ts>(details: fc.RunDetails<Ts>): FuzzRecord['failures'][number] => ({
  seed: details.seed,
  path: details.counterexamplePath ?? undefined,
  counterexample: fc.stringify(details.counterexample).slice(0, 2_000),
  error: (details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)).slice(0, 2_000),
});

/**
 * Declares one property as a vitest test. In `npm test` it makes `runs` runs with a seed derived
 * from MIMICUS_FUZZ_SEED and its names (so a failure replays); in `npm run fuzz` it runs for its
 * share of the file's time, and after a failure (shrunk, recorded) it goes on with the next seed
 * so one long run can report several distinct failures.
 */
export function fuzzIt<Ts extends [unknown, ...unknown[]]>(
  target: string,
  title: string,
  property: () => fc.IRawProperty<Ts>,
  options: { runs: number },
): void {
  registeredInFile += 1;
  const longRun = isLongRun();
  const timeoutMs = longRun || process.env.MIMICUS_FUZZ_REPLAY ? Math.max(fuzzSettings.fileSeconds * 1_000, 480_000) + 120_000 : 60_000;
  it(
    `${title} (fuzz: ${target})`,
    async () => {
      const started = performance.now();
      const record: FuzzRecord = { target, title, runs: 0, seconds: 0, failures: [] };
      let seed = (fuzzSettings.seed ^ hash(`${target}\0${title}`)) | 0;
      const replay = replayOf(target);
      if (replay !== undefined) {
        // MIMICUS_FUZZ_REPLAY=<target>@<seed>@<path>: the shrunk failure a long run printed, run again.
        const details = await fc.check(property(), { seed: replay.seed, path: replay.path });
        if (details.failed) throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\nError: ${describeFailure(details).error}`);
        return;
      }
      if (!longRun) {
        const details = await fc.check(property(), { seed, numRuns: options.runs });
        record.runs = details.numRuns;
        if (details.failed) record.failures.push(describeFailure(details));
        finish(record, started);
        if (details.failed) {
          const failure = record.failures[0];
          throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\nError: ${failure?.error}`, { cause: details.errorInstance });
        }
        return;
      }
      const deadline = Date.now() + (fuzzSettings.fileSeconds * 1_000) / registeredInFile;
      // fast-check counts a check interrupted before its first run as failed (no counterexample):
      // a last check given a few ms before the deadline read as a failure with input "null".
      while (deadline - Date.now() >= MIN_CHECK_MS) {
        const details = await fc.check(property(), {
          seed,
          numRuns: Number.MAX_SAFE_INTEGER,
          interruptAfterTimeLimit: Math.max(1, deadline - Date.now()),
          markInterruptAsFailure: false,
        });
        record.runs += details.numRuns;
        if (details.failed && !(details.interrupted && details.numRuns === 0)) record.failures.push(describeFailure(details));
        seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      }
      finish(record, started);
      if (record.failures.length > 0) {
        throw new Error(
          `${record.failures.length} failure(s) in ${record.runs} runs:\n` +
            record.failures.map((f) => `- seed ${f.seed} path ${f.path}: ${f.error}\n  input: ${f.counterexample}`).join('\n'),
        );
      }
    },
    timeoutMs,
  );
}

/** The failure to replay for this target, from MIMICUS_FUZZ_REPLAY (`<target>@<seed>@<path>`). */
function replayOf(target: string): { seed: number; path: string } | undefined {
  const [wanted, seed, path] = (process.env.MIMICUS_FUZZ_REPLAY ?? '').split('@');
  return wanted === target && seed !== undefined && path !== undefined ? { seed: Number(seed), path } : undefined;
}

function finish(record: FuzzRecord, started: number): void {
  record.seconds = Math.round((performance.now() - started) / 100) / 10;
  // maxRSS is in KiB; the worker runs one test file, so this is that file's high-water mark so far.
  record.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  if (fuzzSettings.reportFile) appendFileSync(fuzzSettings.reportFile, `${JSON.stringify(record)}\n`);
}
