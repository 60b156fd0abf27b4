import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { decodeInput } from './decode-input.js';
import type { ImportError, ImportFile } from './import-types.js';
import { isUrl, refTarget, splitRef } from './ref-target.js';

export interface ReadLimits {
  /** Bytes of one file or download (default 32 MiB). */
  readonly maxBytes: number;
  /** Time for one download (default 15 s). */
  readonly timeoutMs: number;
  /** Files read besides the main one: `$ref` targets, a directory's files (default 500). */
  readonly maxFiles: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxBytes: 32 * 1024 * 1024, timeoutMs: 15_000, maxFiles: 500 };

/** What the reader found: the main file (decoded too) and every other file an importer may read. */
export interface ImportSource {
  readonly main: ImportFile;
  readonly document: unknown;
  readonly files: ReadonlyMap<string, string>;
  /** A directory import: the main file is the first one, `files` holds the others by relative path. */
  readonly directory?: string;
}

export type ReadOutcome = { ok: true; value: ImportSource } | { ok: false; error: ImportError[] };

const fail = (source: string, message: string): ReadOutcome => ({ ok: false, error: [{ source, message }] });

/** Downloads a URL as text within the size and time limits (http and https only). */
export async function download(url: string, limits: ReadLimits): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') return { ok: false, message: `only http and https URLs are fetched, not ${protocol}` };
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(limits.timeoutMs),
      redirect: 'follow',
      headers: { accept: 'application/json, application/yaml, text/yaml, */*' },
    });
    if (!response.ok) return { ok: false, message: `HTTP ${response.status} ${response.statusText}` };
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limits.maxBytes) return { ok: false, message: `${declared} bytes is over the limit of ${limits.maxBytes}` };
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) return { ok: false, message: `more than the limit of ${limits.maxBytes} bytes` };
      chunks.push(chunk);
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    const name = (error as Error).name;
    return { ok: false, message: name === 'TimeoutError' ? `no answer within ${limits.timeoutMs} ms` : (error as Error).message };
  }
}

async function readLocal(path: string, limits: ReadLimits): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    const stats = await lstat(path);
    const target = stats.isSymbolicLink() ? await lstat(await realpath(path)) : stats;
    if (!target.isFile()) return { ok: false, message: 'not a regular file' };
    if (target.size > limits.maxBytes) return { ok: false, message: `${target.size} bytes is over the limit of ${limits.maxBytes}` };
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    return { ok: false, message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message };
  }
}

/** A file under `root` (symlinks resolved first: a link cannot lead a `$ref` out of the folder). */
async function readInside(root: string, key: string, limits: ReadLimits): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    const realRoot = await realpath(root);
    const target = await realpath(join(root, ...key.split('/')));
    if (!target.startsWith(realRoot + sep)) return { ok: false, message: "outside the main file's folder; not read" };
    return await readLocal(target, limits);
  } catch (error) {
    return { ok: false, message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message };
  }
}

/** Every `$ref` string in a document that points outside it. */
function externalRefs(value: unknown, found: Set<string>, depth = 0): void {
  if (depth > 200 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) externalRefs(item, found, depth + 1);
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$ref' && typeof inner === 'string' && !inner.startsWith('#')) found.add(splitRef(inner).file);
    else externalRefs(inner, found, depth + 1);
  }
}

/**
 * Reads what `$ref`s reach from the main document, transitively: local files under the main
 * file's folder only (a spec cannot pull in `/etc/passwd` or `../../secrets`), and URLs when the
 * main document came from a URL or `allowRemote` says so.
 */
async function readReferences(
  main: ImportFile,
  document: unknown,
  baseDir: string | undefined,
  limits: ReadLimits,
  allowRemote: boolean,
  files: Map<string, string>,
): Promise<ImportError[]> {
  const errors: ImportError[] = [];
  const queue: { base: string; document: unknown }[] = [{ base: isUrl(main.path) ? main.path : '', document }];
  while (queue.length > 0) {
    const { base, document: current } = queue.shift()!;
    const refs = new Set<string>();
    externalRefs(current, refs);
    for (const ref of refs) {
      const key = refTarget(base, ref);
      if (files.has(key) || key === (isUrl(main.path) ? main.path : '')) continue;
      if (files.size >= limits.maxFiles) return [...errors, { source: ref, message: `more than ${limits.maxFiles} referenced files; stopped` }];
      let read: { ok: true; text: string } | { ok: false; message: string };
      if (isUrl(key)) {
        read = allowRemote ? await download(key, limits) : { ok: false, message: 'remote $ref not fetched (pass a URL or allow remote references)' };
      } else if (baseDir === undefined) {
        read = { ok: false, message: 'a local $ref from a remote document is not read' };
      } else if (key.startsWith('../') || key === '..' || posix.isAbsolute(key)) {
        read = { ok: false, message: "outside the main file's folder; not read" };
      } else {
        read = await readInside(baseDir, key, limits);
      }
      if (!read.ok) {
        errors.push({ source: ref, message: `$ref target not read: ${read.message}` });
        files.set(key, '');
        continue;
      }
      files.set(key, read.text);
      const decoded = decodeInput({ path: key, text: read.text });
      if (decoded.ok) queue.push({ base: key, document: decoded.value });
    }
  }
  return errors;
}

export interface ReadOptions {
  readonly limits?: Partial<ReadLimits>;
  /** Fetch remote `$ref`s of a local file too (a URL input always may). */
  readonly allowRemoteRefs?: boolean;
}

/**
 * A file, a directory (its JSON/YAML files, the first one as main, the rest and any `__files/`
 * bodies in `files`), or an http(s) URL, read within limits and decoded, with the files its
 * `$ref`s reach. Unreadable `$ref` targets come back as `refErrors` for the report, not failures.
 */
export async function readImportSource(location: string, options: ReadOptions = {}): Promise<ReadOutcome & { refErrors?: ImportError[] }> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const files = new Map<string, string>();
  let main: ImportFile;
  let baseDir: string | undefined;
  let directory: string | undefined;
  if (isUrl(location)) {
    const read = await download(location, limits);
    if (!read.ok) return fail(location, `cannot fetch: ${read.message}`);
    main = { path: location, text: read.text };
  } else {
    const path = resolve(location);
    const stats = await lstat(path).catch(() => undefined);
    if (stats === undefined) return fail(location, 'no such file or directory');
    if (stats.isDirectory()) {
      directory = path;
      const listed = await listDirectory(path, limits.maxFiles);
      const first = listed.find((f) => /\.(json|ya?ml)$/i.test(f) && !f.includes('__files/'));
      if (first === undefined) return fail(location, 'the directory holds no .json, .yaml or .yml file');
      for (const relativePath of listed) {
        const read = await readLocal(join(path, ...relativePath.split('/')), limits);
        if (read.ok) files.set(relativePath, read.text);
      }
      main = { path: join(location, first), text: files.get(first)! };
      files.delete(first);
      baseDir = path;
    } else {
      const read = await readLocal(path, limits);
      if (!read.ok) return fail(location, read.message);
      main = { path: location, text: read.text };
      baseDir = dirname(path);
    }
  }
  const decoded = decodeInput(main);
  if (!decoded.ok) return decoded;
  const refErrors =
    directory === undefined ? await readReferences(main, decoded.value, baseDir, limits, isUrl(location) || options.allowRemoteRefs === true, files) : [];
  return { ok: true, value: { main, document: decoded.value, files, ...(directory ? { directory } : {}) }, refErrors };
}

/** Files under a directory (relative POSIX paths, sorted, hidden ones and symlinks left out), at most `max`. */
async function listDirectory(root: string, max: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (out.length >= max || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, depth + 1);
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(root, 0);
  return out;
}

const mainName = (source: ImportSource): string => (isUrl(source.main.path) ? source.main.path : basename(source.main.path));
