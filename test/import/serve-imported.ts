import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { validateConfigObject } from '../../src/config/index.js';
import type { Importer, ImportResult } from '../../src/import/index.js';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { whileAdvancing } from '../support/while-advancing.js';

export const corpusDir = (format: string) => join(import.meta.dirname, '..', 'corpus', format);

/** Runs `importer` on a corpus file (plus side files), failing the test on an import error. */
export function importCorpus(importer: Importer, format: string, name: string, files: Record<string, string> = {}): ImportResult {
  const text = readFileSync(join(corpusDir(format), name), 'utf8');
  return importText(importer, name, text, files);
}

export function importText(importer: Importer, path: string, text: string, files: Record<string, string> = {}): ImportResult {
  const result = importer.run({ main: { path, text }, files: new Map(Object.entries(files)), seed: 1, options: {} });
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.error)}`);
  const valid = validateConfigObject(result.value.config);
  expect(valid.ok ? [] : valid.error).toEqual([]);
  return result.value;
}

export interface Served {
  mimicus: Mimicus;
  clock: ManualClock;
  send(path: string, init?: RequestInit): Promise<Answer>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The clock time the answer took (latency sampled by the imported config). */
  elapsedMs: number;
}

/** Serves an import's config (and its body files) on a real Mimicus with a manual clock. */
export async function serveImported(result: ImportResult): Promise<Served> {
  const files: Record<string, string | Buffer> = { 'mimicus.yaml': JSON.stringify(result.config, null, 2) };
  for (const [path, text] of result.bodyFiles) files[path] = text;
  const dir = writeTempFiles(files);
  const clock = new ManualClock();
  const mimicus = await createMimicus(join(dir, 'mimicus.yaml'), { clock, dataDir: false });
  await mimicus.listen(0, '127.0.0.1');
  return {
    mimicus,
    clock,
    async send(path, init) {
      const started = clock.now();
      const response = await whileAdvancing(clock, fetch(`${mimicus.url}${path}`, init));
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, elapsedMs: clock.now() - started };
    },
  };
}

/** Same input, same output: the config, warnings and body files serialize to identical text. */
export function expectDeterministic(run: () => ImportResult): void {
  const a = run();
  const b = run();
  expect(JSON.stringify({ ...b, bodyFiles: [...b.bodyFiles] })).toBe(JSON.stringify({ ...a, bodyFiles: [...a.bodyFiles] }));
}
