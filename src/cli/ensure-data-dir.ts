import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type DataDirCheck = { ok: true; dir: string } | { ok: false; message: string };

/**
 * Makes sure the data directory exists and is writable before the server opens anything in it.
 * Directories are created one level at a time: Node 20's `mkdirSync(…, { recursive: true })`
 * loops forever under /proc (`--data-dir /proc/nope` spun at full CPU and never listened).
 */
export function ensureDataDir(given: string): DataDirCheck {
  const dir = resolve(given);
  const missing: string[] = [];
  let existing = dir;
  for (;;) {
    const kind = kindOf(existing);
    if (kind === 'dir') break;
    if (kind === 'other') return { ok: false, message: `${existing} exists and is not a directory` };
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) return { ok: false, message: `no part of ${dir} exists` };
    existing = parent;
  }
  for (const part of missing) {
    try {
      mkdirSync(part);
    } catch (error) {
      // Another process starting on the same new data directory (serve --workers, two servers
      // started at once) may have made it first: a directory there now is what was wanted.
      const madeByAnother = (error as NodeJS.ErrnoException).code === 'EEXIST' && kindOf(part) === 'dir';
      if (!madeByAnother) return { ok: false, message: `cannot create ${part}: ${describe(error)}` };
    }
    // /proc and friends accept nothing yet may not say so at once: what was made must be a directory.
    if (kindOf(part) !== 'dir') return { ok: false, message: `cannot create ${part}: it did not appear as a directory` };
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    return { ok: false, message: `${dir} is not writable: ${describe(error)}` };
  }
  return { ok: true, dir };
}

function kindOf(path: string): 'dir' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its parent does not accept new directories (ENOENT)';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'EROFS') return 'read-only file system (EROFS)';
  return code ?? String(error);
}
