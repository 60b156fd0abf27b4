/**
 * `npm run bench -- import`: how long a large OpenAPI document takes to import, and `mimicus serve`
 * to start serving it, against baselines measured in the same run:
 * - import: readImportSource + runImport (every body generated and checked) against
 *   @apidevtools/swagger-parser dereferencing the same file (what most OpenAPI tools do first);
 * - serve: `mimicus serve openapi.json` until its first answer, against `mimicus serve mocks.yaml`
 *   of the same endpoints already imported (so the ratio is the cost of importing at start).
 * Targets (issue 18): a 1 MB document imports in < 2 s and serves in < 3 s.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SwaggerParser from '@apidevtools/swagger-parser';
import { readImportSource, runImport, writeConfig } from '../src/import/index.js';
import { spawnTracked, stopChild } from './child-processes.js';
import { median } from './median.js';
import { defaultMimicusBin, repoRoot } from './repo-paths.js';

const DOCUMENTS = ['box-openapi.json', 'slackapi-slack_web_openapi_v2.json'];
const RUNS = 5;
const SERVE_RUNS = 3;

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/** Milliseconds from spawning `mimicus serve <file>` to its first answered request. */
async function serveStartMs(mimicusBin: string, file: string, dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawnTracked(process.execPath, [mimicusBin, 'serve', file, '--port', '0', '--no-admin', '--no-watch', '--no-pretty', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`mimicus serve exited (${code}) before listening: ${out.slice(-500)}`)));
    });
    await fetch(`${url}/__bench-probe`);
    return performance.now() - started;
  } finally {
    await stopChild(child);
  }
}

export interface ImportSpeedRow {
  document: string;
  bytes: number;
  importMs: number;
  baselineMs: number;
  serveMs: number;
  serveBaselineMs: number;
}

export async function runImportSpeed(mimicusBin = defaultMimicusBin, log: (line: string) => void = console.error): Promise<ImportSpeedRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mimicus-import-bench-'));
  const rows: ImportSpeedRow[] = [];
  try {
    for (const name of DOCUMENTS) {
      const file = join(repoRoot, 'test', 'corpus', 'openapi', name);
      const importMs: number[] = [];
      const baselineMs: number[] = [];
      let written = '';
      let bytes = 0;
      for (let run = 0; run < RUNS; run++) {
        // Alternating, so load on the machine weighs on both sides alike.
        baselineMs.push(await timed(() => SwaggerParser.dereference(file)));
        importMs.push(
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
      const serveMs: number[] = [];
      const serveBaselineMs: number[] = [];
      for (let run = 0; run < SERVE_RUNS; run++) {
        serveBaselineMs.push(await serveStartMs(mimicusBin, configFile, join(dir, `data-b${run}`)));
        serveMs.push(await serveStartMs(mimicusBin, file, join(dir, `data-s${run}`)));
      }
      const row = {
        document: name,
        bytes,
        importMs: median(importMs),
        baselineMs: median(baselineMs),
        serveMs: median(serveMs),
        serveBaselineMs: median(serveBaselineMs),
      };
      log(
        `import ${name}: ${(bytes / 1e6).toFixed(2)} MB, import ${row.importMs.toFixed(0)} ms (swagger-parser dereference ${row.baselineMs.toFixed(0)} ms), serve ${row.serveMs.toFixed(0)} ms (serve of the imported YAML ${row.serveBaselineMs.toFixed(0)} ms)`,
      );
      rows.push(row);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

export function renderImportSpeed(rows: readonly ImportSpeedRow[]): string {
  const lines = [
    '| document | size | import (median) | swagger-parser dereference | ratio | target < 2 s | serve start | serve of imported YAML | ratio | target < 3 s |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.document} | ${(r.bytes / 1e6).toFixed(2)} MB | ${r.importMs.toFixed(0)} ms | ${r.baselineMs.toFixed(0)} ms | ${(r.importMs / r.baselineMs).toFixed(2)} | ${r.importMs < 2000 ? 'met' : 'missed'} | ${r.serveMs.toFixed(0)} ms | ${r.serveBaselineMs.toFixed(0)} ms | ${(r.serveMs / r.serveBaselineMs).toFixed(2)} | ${r.serveMs < 3000 ? 'met' : 'missed'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
