/**
 * `npm run bench -- import`: how long a large OpenAPI document takes to import, and `mimicus serve`
 * to start serving it, against baselines measured in the same run:
 * - import: readImportSource + runImport (every body generated and checked) against
 *   @apidevtools/swagger-parser dereferencing the same file (what most OpenAPI tools do first);
 * - serve: `mimicus serve openapi.json` until its first answer, against `mimicus serve mocks.yaml`
 *   of the same endpoints already imported (so the ratio is the cost of importing at start).
 * Targets (issue 18): a 1 MB document imports in < 2 s and serves in < 3 s. On a shared, loaded
 * machine wall time says little, so each is also measured as CPU time: the import in-process
 * (`process.cpuUsage()`), a serve as the child's utime+stime (`/proc/PID/stat`) when it logs its URL.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SwaggerParser from '@apidevtools/swagger-parser';
import { readImportSource, runImport, writeConfig } from '../src/import/index.js';
import { spawnTracked, stopChild } from './child-processes.js';
import { median } from './median.js';
import { defaultMimicusBin, repoRoot } from './repo-paths.js';

const DOCUMENTS = ['box-openapi.json', 'slackapi-slack_web_openapi_v2.json'];
const RUNS = 5;
const SERVE_RUNS = 5;

interface Cost {
  readonly ms: number;
  readonly cpuMs: number;
}

/** Wall and CPU (user + system, this process) milliseconds of a task. */
async function timed(task: () => Promise<unknown>): Promise<Cost> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await task();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

/** Clock ticks per second of /proc/PID/stat's times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds (utime + stime) a process has used so far; NaN where /proc is missing. */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return Number.NaN;
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** From spawning `mimicus serve <file>`: wall milliseconds to its first answered request, CPU milliseconds until it logs its URL. */
async function serveStart(mimicusBin: string, file: string, dataDir: string): Promise<Cost> {
  const started = performance.now();
  const child = spawnTracked(process.execPath, [mimicusBin, 'serve', file, '--port', '0', '--no-admin', '--no-watch', '--no-pretty', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let cpuMs = Number.NaN;
    let logged = false;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (found && !logged) {
          logged = true;
          void processCpuMs(child.pid!).then((ms) => {
            cpuMs = ms;
            resolve(found[1]!);
          });
        }
      });
      child.once('exit', (code) => reject(new Error(`mimicus serve exited (${code}) before listening: ${out.slice(-500)}`)));
    });
    await fetch(`${url}/__bench-probe`);
    return { ms: performance.now() - started, cpuMs };
  } finally {
    await stopChild(child);
  }
}

export interface ImportSpeedRow {
  document: string;
  bytes: number;
  importMs: number;
  importCpuMs: number;
  baselineMs: number;
  baselineCpuMs: number;
  serveMs: number;
  serveCpuMs: number;
  serveBaselineMs: number;
  serveBaselineCpuMs: number;
}

export async function runImportSpeed(mimicusBin = defaultMimicusBin, log: (line: string) => void = console.error): Promise<ImportSpeedRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mimicus-import-bench-'));
  const rows: ImportSpeedRow[] = [];
  try {
    for (const name of DOCUMENTS) {
      const file = join(repoRoot, 'test', 'corpus', 'openapi', name);
      const imports: Cost[] = [];
      const baselines: Cost[] = [];
      let written = '';
      let bytes = 0;
      for (let run = 0; run < RUNS; run++) {
        // Alternating, so load on the machine weighs on both sides alike.
        baselines.push(await timed(() => SwaggerParser.dereference(file)));
        imports.push(
          await timed(async () => {
            const read = await readImportSource(file);
            if (!read.ok) throw new Error(JSON.stringify(read.error));
            bytes = Buffer.byteLength(read.value.main.text);
            const outcome = runImport(read.value);
            if (!outcome.ok) throw new Error(JSON.stringify(outcome.error.slice(0, 3)));
            written = writeConfig(outcome.value, { source: name, bodyDir: 'mocks.bodies', inlineLimit: Infinity }).text;
          }),
        );
      }
      const configFile = join(dir, 'mocks.yaml');
      await writeFile(configFile, written);
      const serves: Cost[] = [];
      const serveBaselines: Cost[] = [];
      for (let run = 0; run < SERVE_RUNS; run++) {
        serveBaselines.push(await serveStart(mimicusBin, configFile, join(dir, `data-b${run}`)));
        serves.push(await serveStart(mimicusBin, file, join(dir, `data-s${run}`)));
      }
      const wall = (costs: readonly Cost[]) => median(costs.map((c) => c.ms));
      const cpu = (costs: readonly Cost[]) => median(costs.map((c) => c.cpuMs));
      const row = {
        document: name,
        bytes,
        importMs: wall(imports),
        importCpuMs: cpu(imports),
        baselineMs: wall(baselines),
        baselineCpuMs: cpu(baselines),
        serveMs: wall(serves),
        serveCpuMs: cpu(serves),
        serveBaselineMs: wall(serveBaselines),
        serveBaselineCpuMs: cpu(serveBaselines),
      };
      log(
        `import ${name}: ${(bytes / 1e6).toFixed(2)} MB, import ${row.importMs.toFixed(0)} ms wall / ${row.importCpuMs.toFixed(0)} ms CPU (swagger-parser dereference ${row.baselineMs.toFixed(0)} / ${row.baselineCpuMs.toFixed(0)} ms), serve ${row.serveMs.toFixed(0)} ms wall / ${row.serveCpuMs.toFixed(0)} ms CPU to listening (serve of the imported YAML ${row.serveBaselineMs.toFixed(0)} / ${row.serveBaselineCpuMs.toFixed(0)} ms)`,
      );
      rows.push(row);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Medians of RUNS imports and SERVE_RUNS starts; the targets are judged on CPU time (wall time shown beside it). */
export function renderImportSpeed(rows: readonly ImportSpeedRow[], loadAverage = loadavg()): string {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const lines = [
    `Load average at the end: ${loadAverage.map((l) => l.toFixed(2)).join(', ')} (${cpus().length} cores); CPU is user + system time.`,
    '',
    '| document | size | import CPU | swagger-parser dereference CPU | ratio | target < 2 s | serve CPU to listening | serve of imported YAML CPU | ratio | target < 3 s | import wall | serve wall (first answer) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.document} | ${(r.bytes / 1e6).toFixed(2)} MB | ${ms(r.importCpuMs)} | ${ms(r.baselineCpuMs)} | ${(r.importCpuMs / r.baselineCpuMs).toFixed(2)} | ${r.importCpuMs < 2000 ? 'met' : 'missed'} | ${ms(r.serveCpuMs)} | ${ms(r.serveBaselineCpuMs)} | ${(r.serveCpuMs / r.serveBaselineCpuMs).toFixed(2)} | ${r.serveCpuMs < 3000 ? 'met' : 'missed'} | ${ms(r.importMs)} | ${ms(r.serveMs)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
