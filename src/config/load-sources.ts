import { dirname, relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { CONFIG_LIMITS } from './config-limits.js';
import { createFileAccess, type FileAccess } from './create-file-access.js';
import { decodeDocument } from './decode-document.js';
import type { Env } from './interpolate-env.js';
import { hashText } from './hash-text.js';
import { formatPath } from './issue-path.js';
import type { ConfigSource } from './merge-sources.js';
import { readConfigText } from './read-config-text.js';
import type { ConfigIssue } from './result.js';

/** The main file and every fragment it includes, decoded, in merge order. */
export interface LoadedSources {
  sources: ConfigSource[];
  /** Absolute path of each source. */
  files: string[];
  /** Per source, the hash of the text read (hashText). */
  hashes: string[];
  issues: ConfigIssue[];
}

/** What loadSources reads with. */
export interface LoadSourcesOptions {
  readonly env: Env;
  /** Never included, even inside the config's directory: the data directory. */
  readonly forbiddenDirs?: readonly string[];
}

/**
 * Reads the main config file and follows `include` entries depth-first: a fragment's own
 * endpoints come before those of the files it includes, and before the next entry's. Entries are
 * relative to the including file. A file is read once; including an ancestor is a cycle; a glob
 * that matches nothing is an error (a glob skips files already read, such as the including file).
 * Every file is a regular file within CONFIG_LIMITS.maxBytes; an included one must lie under the
 * main file's directory or its `server.fileRoots` (the main file's: fragments cannot widen them).
 */
export async function loadSources(file: string, options: LoadSourcesOptions): Promise<LoadedSources> {
  const { env } = options;
  const mainFile = resolve(file);
  const mainDir = dirname(mainFile);
  const loaded: LoadedSources = { sources: [], files: [], hashes: [], issues: [] };
  const nameOf = (absolute: string) => relative(mainDir, absolute) || absolute;
  let access: FileAccess | undefined;

  const visit = async (absolute: string, text: string, chain: string[]): Promise<void> => {
    const doc = decodeDocument(text, { file: absolute, format: formatOf(absolute), env });
    loaded.sources.push({ doc, name: nameOf(absolute) });
    loaded.files.push(absolute);
    loaded.hashes.push(hashText(text));
    if (doc.syntaxFailed) return;
    const value = doc.value as { include?: unknown; server?: { fileRoots?: unknown } } | null;
    access ??= createFileAccess({
      configDir: mainDir,
      roots: stringsOf(typeof value === 'object' && value !== null ? value.server?.fileRoots : undefined),
      maxBytes: CONFIG_LIMITS.maxBytes,
      ...(options.forbiddenDirs ? { forbiddenDirs: options.forbiddenDirs } : {}),
    });
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
        // A file entry is named as written; a glob's match by its path.
        const read = await access.read(targets.kind === 'file' ? entry : target, dirname(absolute));
        if (!read.ok) {
          loaded.issues.push({ ...at, message: read.error });
          continue;
        }
        await visit(target, read.value.toString('utf8'), ancestors);
      }
    }
  };

  const read = await readConfigText(mainFile);
  if (!read.ok) {
    loaded.issues.push({ path: '', message: `config file "${file}" ${read.error}` });
    return loaded;
  }
  await visit(mainFile, read.value, []);
  return loaded;
}

async function expandEntry(entry: string, dir: string): Promise<{ kind: 'file' | 'glob'; files: string[] }> {
  if (!/[*?[\]{}]/.test(entry)) return { kind: 'file', files: [resolve(dir, entry)] };
  const files = await glob(entry, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false });
  // Sorted so the merge order (and endpoint indexes) do not depend on the file system.
  return { kind: 'glob', files: files.map((f) => resolve(f)).sort() };
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

function formatOf(file: string): 'yaml' | 'json' {
  return file.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}
