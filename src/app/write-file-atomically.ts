import { randomBytes } from 'node:crypto';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file's content atomically (temp file in the same directory, fsync, rename): a reader
 * sees the old file or the new one, never half. A symlinked config stays a symlink: the link's
 * target is replaced, in the target's directory. The new file keeps the old one's permission bits
 * (a 0600 file holding API keys stays 0600, whatever the umask) and owner; when the owner cannot
 * be kept (another user's file), nothing is written and the error says so.
 */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const target = await realpath(file);
  const before = await stat(target);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = before.mode & 0o7777;
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      // `open` applies the umask; chmod does not.
      await handle.chmod(mode);
      if (process.getuid && (before.uid !== process.getuid() || before.gid !== process.getgid?.())) {
        await handle.chown(before.uid, before.gid).catch((error: unknown) => {
          throw new Error(
            `${target} belongs to ${before.uid}:${before.gid}; Mimicus (uid ${process.getuid?.()}) cannot replace it without changing its owner`,
            { cause: error },
          );
        });
      }
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
