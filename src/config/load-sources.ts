import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { decodeDocument } from './decode-document.js';
import type { Env } from './interpolate-env.js';
import { formatPath } from './issue-path.js';
import type { ConfigSource } from './merge-sources.js';
import type { ConfigIssue } from './result.js';

/** The main file and every fragment it includes, decoded, in merge order. */
export interface LoadedSources {
  sources: ConfigSource[];
  /** Absolute path of each source. */
  files: string[];
  issues: ConfigIssue[];
}

/**
 * Reads the main config file and follows `include` entries depth-first: a fragment's own
 * endpoints come before those of the files it includes, and before the next entry's. Entries are
 * relative to the including file. A file is read once; including an ancestor is a cycle; a glob
 * that matches nothing is an error (a glob skips files already read, such as the including file).
 */
export async function loadSources(file: string, env: Env): Promise<LoadedSources> {
  const mainFile = resolve(file);
  const mainDir = dirname(mainFile);
  const loaded: LoadedSources = { sources: [], files: [], issues: [] };
  const nameOf = (absolute: string) => relative(mainDir, absolute) || absolute;

  const visit = async (absolute: string, text: string, chain: string[]): Promise<void> => {
    const doc = decodeDocument(text, { file: absolute, format: formatOf(absolute), env });
    loaded.sources.push({ doc, name: nameOf(absolute) });
    loaded.files.push(absolute);
    if (doc.syntaxFailed) return;
    const value = doc.value as { include?: unknown } | null;
    const entries = typeof value === 'object' && value !== null && Array.isArray(value.include) ? value.include : [];
    const ancestors = [...chain, absolute];
    for (const [i, entry] of entries.entries()) {
      if (typeof entry !== 'string' || entry === '') continue; // the schema reports it
      const at = { path: formatPath(['include', i]), location: doc.locations.get(formatPath(['include', i])) };
      const targets = await expandEntry(entry, dirname(absolute));
      if (targets.kind === 'glob' && targets.files.length === 0) {
        loaded.issues.push({ ...at, message: `"${entry}" matches no files` });
        continue;
      }
      for (const target of targets.files) {
        if (ancestors.includes(target)) {
          if (targets.kind === 'glob') continue;
          const cycle = [...ancestors.slice(ancestors.indexOf(target)), target];
          loaded.issues.push({ ...at, message: `include cycle: ${cycle.map(nameOf).join(' → ')}` });
          continue;
        }
        if (loaded.files.includes(target)) continue;
        const read = await readText(target);
        if (read.problem !== undefined) {
          loaded.issues.push({ ...at, message: `cannot read "${entry}": ${read.problem}` });
          continue;
        }
        await visit(target, read.text, ancestors);
      }
    }
  };

  const read = await readText(mainFile);
  if (read.problem !== undefined) {
    loaded.issues.push({ path: '', message: `cannot read config file "${file}": ${read.problem}` });
    return loaded;
  }
  await visit(mainFile, read.text, []);
  return loaded;
}

async function expandEntry(entry: string, dir: string): Promise<{ kind: 'file' | 'glob'; files: string[] }> {
  if (!/[*?[\]{}]/.test(entry)) return { kind: 'file', files: [resolve(dir, entry)] };
  const files = await glob(entry, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false });
  // Sorted so the merge order (and endpoint indexes) do not depend on the file system.
  return { kind: 'glob', files: files.map((f) => resolve(f)).sort() };
}

async function readText(file: string): Promise<{ text: string; problem?: undefined } | { problem: string }> {
  try {
    return { text: await readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: 'file not found' };
    if (code === 'EISDIR') return { problem: 'is a directory' };
    if (code === 'EACCES') return { problem: 'permission denied' };
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function formatOf(file: string): 'yaml' | 'json' {
  return file.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}
