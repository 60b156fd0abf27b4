/**
 * `npm run fuzz [-- seconds]`: every fuzz property of test/fuzz for MIMICUS_FUZZ_SECONDS in total
 * (default 600), one test file after another so each gets its share of the machine, with fresh
 * seeds. Prints runs and failures per target; exits 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FuzzRecord } from './fuzz-it.js';

const root = join(import.meta.dirname, '..', '..');
const totalSeconds = Number(process.argv[2] ?? process.env.MIMICUS_FUZZ_SECONDS ?? 600);
if (!Number.isFinite(totalSeconds) || totalSeconds <= 0) {
  console.error(`fuzz: expected a number of seconds > 0, got "${process.argv[2] ?? process.env.MIMICUS_FUZZ_SECONDS}"`);
  process.exit(2);
}
const files = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith('.fuzz.test.ts'))
  .sort();
const startedAt = Date.now();
const report = join(tmpdir(), `mimicus-fuzz-${process.pid}.jsonl`);
const seed = process.env.MIMICUS_FUZZ_SEED ?? String(Date.now() % 1_000_000);

console.log(`fuzz: ${files.length} files in ${totalSeconds} s, seed ${seed} (replay a run with MIMICUS_FUZZ_SEED=${seed})`);
let harnessFailures = 0;
for (const [index, file] of files.entries()) {
  // Each file gets an even share of what is left: a file whose slow inputs overran its share
  // (an input is only checked when it ends) shortens the files after it, not the total.
  const remainingSeconds = totalSeconds - (Date.now() - startedAt) / 1_000;
  const fileSeconds = Math.max(1, Math.floor(remainingSeconds / (files.length - index)));
  console.log(`\nfuzz: ${file} (${fileSeconds} s)`);
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', join('test', 'fuzz', file), '--reporter=dot'], {
    cwd: root,
    stdio: 'inherit',
    // dist/ is not needed by these files, so the build in globalSetup is skipped
    env: { ...process.env, MIMICUS_FUZZ_SECONDS: String(fileSeconds), MIMICUS_FUZZ_SEED: seed, MIMICUS_FUZZ_REPORT: report, MIMICUS_TEST_NO_BUILD: '1' },
  });
  if (result.status !== 0) harnessFailures += 1;
}

const records: FuzzRecord[] = existsSync(report)
  ? readFileSync(report, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FuzzRecord)
  : [];
rmSync(report, { force: true });
/** A failure's kind: its message without the numbers that vary between inputs (sizes, timings). */
const kindOf = (error: string): string =>
  (error.split('\n')[0] ?? '')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\d+/g, 'N')
    .slice(0, 160);
console.log('\n| target | property | runs | failing seeds | distinct failures | seconds |\n|---|---|---:|---:|---:|---:|');
const distinct: { record: FuzzRecord; failure: FuzzRecord['failures'][number] }[] = [];
for (const record of records) {
  const kinds = new Map<string, FuzzRecord['failures'][number]>();
  for (const failure of record.failures) if (!kinds.has(kindOf(failure.error))) kinds.set(kindOf(failure.error), failure);
  for (const failure of kinds.values()) distinct.push({ record, failure });
  console.log(`| ${record.target} | ${record.title} | ${record.runs} | ${record.failures.length} | ${kinds.size} | ${record.seconds} |`);
}
for (const { record, failure } of distinct) {
  console.log(
    `\nFAIL ${record.target}: ${record.title}\n  seed ${failure.seed}, path ${failure.path}\n  ${failure.error}\n  input: ${failure.counterexample.slice(0, 600)}`,
  );
}
const failures = records.flatMap((record) => record.failures);
console.log(
  `\nfuzz: ${records.reduce((sum, record) => sum + record.runs, 0)} runs in ${records.length} properties; ${failures.length} failing seed(s), ${distinct.length} distinct failure(s)${harnessFailures > 0 ? `; ${harnessFailures} file(s) failed` : ''}`,
);
process.exit(failures.length > 0 || harnessFailures > 0 ? 1 : 0);
