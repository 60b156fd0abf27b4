import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseSizeBytes } from './parse-size-bytes.js';
import { readRegularFile } from './read-regular-file.js';
import { err, type Result } from './result.js';
import type { Config } from './schema.js';

/** `server.maxFileSize` when the config says nothing: body files and seeds are read whole into memory. */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Which files a config may make Mimicus read. */
export interface FileAccessPolicy {
  /** The main config file's directory: always a root. */
  readonly configDir: string;
  /** More roots (`server.fileRoots`), relative to `configDir`. */
  readonly roots?: readonly string[];
  readonly maxBytes: number;
  /** The setting that raises the limit, named in messages (none for a fixed limit). */
  readonly maxBytesSetting?: string;
  /** Never read, even inside a root: the data directory, which holds Mimicus's own databases. */
  readonly forbiddenDirs?: readonly string[];
}

/** Reads the files a config names (`bodyFile`, CRUD `seed`, `include`), within a policy. */
export interface FileAccess {
  /** Reads `path` as the config wrote it, relative to `baseDir` (the declaring file's directory). */
  read(path: string, baseDir: string): Promise<Result<Buffer, string>>;
}

/**
 * The one gate every file named by a config goes through. A file must lie under the config's
 * directory or a configured root, after symlinks are resolved (a link inside pointing outside is
 * refused), outside the data directory, be a regular file (no devices, FIFOs, /proc streams) and
 * within the size limit. Errors are values: a sentence that starts with the path as written.
 */
export function createFileAccess(policy: FileAccessPolicy): FileAccess {
  const lexicalRoots = [policy.configDir, ...(policy.roots ?? [])].map((root) => resolve(policy.configDir, root));
  const forbidden = (policy.forbiddenDirs ?? []).map((dir) => resolve(policy.configDir, dir));
  // Resolved once per policy (a Plan compile): roots that do not exist simply hold nothing.
  let resolved: Promise<{ roots: string[]; forbidden: string[] }> | undefined;
  const resolveAll = () =>
    (resolved ??= (async () => ({
      roots: [...lexicalRoots, ...(await Promise.all(lexicalRoots.map(realpathOrNothing))).filter((dir): dir is string => dir !== undefined)],
      forbidden: [...forbidden, ...(await Promise.all(forbidden.map(realpathOrNothing))).filter((dir): dir is string => dir !== undefined)],
    }))());
  const outside = policy.roots && policy.roots.length > 0 ? "the config's directory and server.fileRoots" : `the config's directory (${policy.configDir})`;

  return {
    async read(path, baseDir) {
      const absolute = resolve(baseDir, path);
      const named = `"${path}"`;
      const dirs = await resolveAll();
      if (!dirs.roots.some((root) => isInside(absolute, root))) {
        const resolvedTo = absolute === path ? 'is' : `resolves to ${absolute},`;
        return err(`${named} ${resolvedTo} outside ${outside}; add its folder to server.fileRoots`);
      }
      if (dirs.forbidden.some((dir) => isInside(absolute, dir))) return err(insideDataDir(named));
      let real: string;
      try {
        real = await realpath(absolute);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return err(
          `${named} ${code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : code === 'ELOOP' ? 'is a symlink loop' : `cannot be resolved (${code ?? String(error)})`}`,
        );
      }
      if (!dirs.roots.some((root) => isInside(real, root))) {
        return err(`${named} leads through a symlink to ${real}, outside ${outside}; add its folder to server.fileRoots`);
      }
      if (dirs.forbidden.some((dir) => isInside(real, dir))) return err(insideDataDir(named));
      const read = await readRegularFile(real, policy.maxBytes, { followSymlinks: false });
      if (read.ok) return read;
      const hint = read.error.tooLarge && policy.maxBytesSetting ? ` (raise ${policy.maxBytesSetting} to allow it)` : '';
      return err(`${named} ${read.error.message}${hint}`);
    },
  };
}

/** The policy a config sets for itself: `server.fileRoots` and `server.maxFileSize`. */
export function fileAccessOf(config: Config, configDir: string, forbiddenDirs: readonly string[] = []): FileAccess {
  const server = config.server ?? {};
  return createFileAccess({
    configDir,
    roots: server.fileRoots ?? [],
    maxBytes: server.maxFileSize === undefined ? DEFAULT_MAX_FILE_BYTES : parseSizeBytes(server.maxFileSize),
    maxBytesSetting: 'server.maxFileSize',
    forbiddenDirs,
  });
}

function insideDataDir(shown: string): string {
  return `${shown} is inside the data directory, which holds Mimicus's own databases; it is never served`;
}

/** Whether `path` is `dir` or below it (`/a/b/../c` is already resolved; `/ab` is not inside `/a`). */
function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

async function realpathOrNothing(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch {
    return undefined;
  }
}
