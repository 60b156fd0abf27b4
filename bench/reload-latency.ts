// How long from an outside edit of a 1,000-endpoint config file to the data plane serving it.
// Run: node --import tsx bench/reload-latency.ts   (prints the median of 10 runs, in ms)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { createMimicus } from '../src/index.js';
import { median } from './median.js';

const ENDPOINTS = 1000;
const RUNS = 10;

const configText = (mark: string) =>
  stringify(
    {
      version: 2,
      endpoints: Array.from({ length: ENDPOINTS }, (_, i) => ({
        id: `e${i}`,
        method: 'GET',
        path: `/items/${i}/{id}`,
        response: { status: 200, body: i === ENDPOINTS / 2 ? mark : `item ${i}` },
      })),
    },
    { lineWidth: 0 },
  );

const dir = await mkdtemp(join(tmpdir(), 'mimicus-reload-'));
const file = join(dir, 'mimicus.yaml');
await writeFile(file, configText('run-0'));
const mimicus = await createMimicus(file, { dataDir: false, watch: true, admin: { port: 0, host: '127.0.0.1' } });
await mimicus.listen(0, '127.0.0.1');
const probe = `${mimicus.url}/items/${ENDPOINTS / 2}/x`;

const fromEditMs: number[] = [];
const reloadApiMs: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const mark = `run-${run}`;
  const text = configText(mark);
  const started = performance.now();
  await writeFile(file, text);
  while ((await (await fetch(probe)).text()) !== mark);
  fromEditMs.push(performance.now() - started);
  // The same load → validate → compile → swap without the watcher's debounce.
  const apiStarted = performance.now();
  await fetch(`${mimicus.adminUrl}/api/config/reload`, { method: 'POST' });
  reloadApiMs.push(performance.now() - apiStarted);
}
await mimicus.close();
await rm(dir, { recursive: true, force: true });
const show = (values: number[]) => `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
process.stdout.write(`${ENDPOINTS} endpoints, ${RUNS} runs\n`);
process.stdout.write(`file edit → serving (includes the 5 ms watch debounce): ${show(fromEditMs)}\n`);
process.stdout.write(`POST /api/config/reload (load, validate, compile, swap): ${show(reloadApiMs)}\n`);
