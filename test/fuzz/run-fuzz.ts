/**
 * `npm run fuzz [-- seconds]`: every fuzz file of test/fuzz for MIMICUS_FUZZ_SECONDS each (default
 * 600: issue 13 asks for each fuzzer to run 10 minutes), one file after another so each has the
 * machine to itself, with fresh seeds. Prints runs, failures and peak memory per property; exits 1
 * on any failure, or when a file's process grew past MEMORY_LIMIT_MB (unbounded memory is a finding
 * too). `MIMICUS_FUZZ_FILES=http-wire,templates` runs some files only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FuzzRecord } from './fuzz-it.js';

const root = join(import.meta.dirname, '..', '..');
const fileSeconds = Number(process.argv[2] ?? process.env.MIMICUS_FUZZ_SECONDS ?? 600);
if (!Number.isFinite(fileSeconds) || fileSeconds <= 0) {
  console.error(`fuzz: expected a number of seconds > 0, got "${process.argv[2] ?? process.env.MIMICUS_FUZZ_SECONDS}"`);
  process.exit(2);
}
/** A vitest worker fuzzing one file holds the test's modules and fast-check's state: ~150-300 MB. */
const MEMORY_LIMIT_MB = 1_024;
/**
 * The V8 heap of each fuzzing process, below MEMORY_LIMIT_MB. Without it V8 sizes its heap from
 * the machine's memory (~4 GB here) and collects garbage lazily: in the first full run the
 * path-template and templates files grew to 1.5-1.8 GB of garbage. With this cap the same 80 s of
 * path-template peaked at 155 MB instead of 558 MB. What a file really keeps still fails: V8 then
 * dies out of memory, and its file fails.
 */
const HEAP_LIMIT_MB = 768;
const only = process.env.MIMICUS_FUZZ_FILES?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const files = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith('.fuzz.test.ts'))
  .filter((name) => only === undefined || only.some((wanted) => name.startsWith(wanted)))
  .sort();
const report = join(tmpdir(), `mimicus-fuzz-${process.pid}.jsonl`);
const seed = process.env.MIMICUS_FUZZ_SEED ?? String(Date.now() % 1_000_000);

console.log(
  `fuzz: ${files.length} files, ${fileSeconds} s each (about ${Math.ceil((files.length * fileSeconds) / 60)} min), seed ${seed} (replay a run with MIMICUS_FUZZ_SEED=${seed})`,
);
let harnessFailures = 0;
for (const file of files) {
  console.log(`\nfuzz: ${file} (${fileSeconds} s)`);
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', join('test', 'fuzz', file), '--reporter=dot'], {
    cwd: root,
    stdio: 'inherit',
    // dist/ is not needed by these files, so the build in globalSetup is skipped
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${HEAP_LIMIT_MB}`.trim(),
      MIMICUS_FUZZ_SECONDS: String(fileSeconds),
      MIMICUS_FUZZ_SEED: seed,
      MIMICUS_FUZZ_REPORT: report,
      MIMICUS_TEST_NO_BUILD: '1',
    },
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
console.log('\n| target | property | runs | failing seeds | distinct failures | seconds | peak RSS of its process (MB) |\n|---|---|---:|---:|---:|---:|---:|');
const distinct: { record: FuzzRecord; failure: FuzzRecord['failures'][number] }[] = [];
for (const record of records) {
  const kinds = new Map<string, FuzzRecord['failures'][number]>();
  for (const failure of record.failures) if (!kinds.has(kindOf(failure.error))) kinds.set(kindOf(failure.error), failure);
  for (const failure of kinds.values()) distinct.push({ record, failure });
  console.log(
    `| ${record.target} | ${record.title} | ${record.runs} | ${record.failures.length} | ${kinds.size} | ${record.seconds} | ${record.maxRssMb ?? '?'} |`,
  );
}
const overMemory = records.filter((record) => (record.maxRssMb ?? 0) > MEMORY_LIMIT_MB);
for (const record of overMemory)
  console.log(`\nFAIL ${record.target}: ${record.title}: its process grew to ${record.maxRssMb} MB (limit ${MEMORY_LIMIT_MB} MB)`);
for (const { record, failure } of distinct) {
  console.log(
    `\nFAIL ${record.target}: ${record.title}\n  seed ${failure.seed}, path ${failure.path}\n  ${failure.error}\n  input: ${failure.counterexample.slice(0, 600)}`,
  );
}
const failures = records.flatMap((record) => record.failures);
console.log(
  `\nfuzz: ${records.reduce((sum, record) => sum + record.runs, 0)} runs in ${records.length} properties; ${failures.length} failing seed(s), ${distinct.length} distinct failure(s)${harnessFailures > 0 ? `; ${harnessFailures} file(s) failed` : ''}${overMemory.length > 0 ? `; ${overMemory.length} over the memory limit` : ''}`,
);
process.exit(failures.length > 0 || harnessFailures > 0 || overMemory.length > 0 ? 1 : 0);
