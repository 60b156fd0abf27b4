import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { repoRoot, resultsDir } from './repo-paths.js';

/** A file-name-safe UTC timestamp such as 2026-11-22T07-45-06Z. */
export function fileTimestamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
}

/** Writes bench/results/<name>-<timestamp>.md and .json; returns their paths relative to the repo. */
export async function writeResults(name: string, timestamp: string, markdown: string, json: unknown): Promise<string[]> {
  await mkdir(resultsDir, { recursive: true });
  const base = join(resultsDir, `${name}-${timestamp}`);
  await writeFile(`${base}.md`, markdown, 'utf8');
  await writeFile(`${base}.json`, `${JSON.stringify(json, (_key, value: unknown) => (value === undefined ? null : value), 2)}\n`, 'utf8');
  return [`${base}.md`, `${base}.json`].map((file) => relative(repoRoot, file));
}

/** Writes bench/results/<name>-<timestamp>.<extension> (a plot, say); returns its path relative to the repo. */
export async function writeResultFile(name: string, timestamp: string, extension: string, content: string): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}-${timestamp}.${extension}`);
  await writeFile(file, content, 'utf8');
  return relative(repoRoot, file);
}
