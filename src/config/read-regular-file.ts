import { constants, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { err, ok, type Result } from './result.js';

/** Why a file was not read: a phrase that completes "<the file> …", and whether only its size was wrong. */
export interface ReadRefusal {
  readonly message: string;
  readonly tooLarge: boolean;
}

/**
 * Reads a whole regular file of at most `maxBytes`, or says why not. The path is stat'ed before it
 * is opened, so a device or a FIFO is never opened at all; the open itself is non-blocking (a
 * FIFO swapped in between cannot hold the caller), and the opened file must be the one stat'ed.
 * The size is enforced while reading, not taken from stat: files under /proc report 0 bytes.
 * `followSymlinks: false` is for a path already resolved and checked (realpath): a symlink put in
 * its place since is refused rather than followed.
 */
export async function readRegularFile(path: string, maxBytes: number, options: { followSymlinks?: boolean } = {}): Promise<Result<Buffer, ReadRefusal>> {
  const follow = options.followSymlinks ?? true;
  let before: Stats;
  try {
    before = follow ? await stat(path) : await lstat(path);
  } catch (error) {
    return refuse(describeErrno(error));
  }
  if (before.isSymbolicLink()) return refuse('changed while it was being opened (it is now a symlink); try again');
  if (!before.isFile()) return refuse(`is ${kindOf(before)}, not a regular file`);
  if (before.size > maxBytes) return refuse(tooLarge(before.size, maxBytes), true);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (follow ? 0 : constants.O_NOFOLLOW));
  } catch (error) {
    return refuse(describeErrno(error));
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== before.ino || opened.dev !== before.dev) return refuse('changed while it was being opened; try again');
    const chunks: Buffer[] = [];
    let total = 0;
    // One byte past the cap tells "exactly the cap" from "more than the cap".
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) return refuse(tooLarge(undefined, maxBytes), true);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return ok(Buffer.concat(chunks, total));
  } catch (error) {
    return refuse(describeErrno(error));
  } finally {
    await handle.close();
  }
}

const refuse = (message: string, tooLarge = false) => err({ message, tooLarge });

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/** `bytes` is undefined when reading stopped at the cap, so the real size is unknown. */
function tooLarge(bytes: number | undefined, maxBytes: number): string {
  return bytes === undefined ? `is larger than the limit of ${formatBytes(maxBytes)}` : `is ${formatBytes(bytes)}, over the limit of ${formatBytes(maxBytes)}`;
}

/** `40 MiB`, `512 B`: sizes in messages, binary units as the config's defaults are written. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ELOOP') return 'is a symlink loop';
  if (code === 'ENOTDIR') return 'does not exist (a part of its path is not a directory)';
  return error instanceof Error ? error.message : String(error);
}
