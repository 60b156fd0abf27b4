import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const liveDirs = new Set<string>();
let exitHookInstalled = false;

/** Synchronous, so it also runs on exit and on Ctrl-C (installCleanup exits the process). */
function removeLiveDirs(): void {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
}

/** Writes `text` to `name` in a fresh temp dir, hands its path to `use`, and removes the dir afterwards. */
export async function withTempFile<T>(name: string, text: string, use: (file: string) => Promise<T>): Promise<T> {
  if (!exitHookInstalled) {
    process.once('exit', removeLiveDirs);
    exitHookInstalled = true;
  }
  const dir = await mkdtemp(join(tmpdir(), 'mimicus-bench-'));
  liveDirs.add(dir);
  try {
    const file = join(dir, name);
    await writeFile(file, text, 'utf8');
    return await use(file);
  } finally {
    liveDirs.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }
}
