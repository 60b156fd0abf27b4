import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createMimicus, type Mimicus, type MimicusOptions } from '../../src/index.js';

/** Writes `files` (name -> content) into a fresh temp dir and returns the dir. */
export function writeTempFiles(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Starts a real Mimicus on an ephemeral port from YAML text (plus any side files). */
export async function startMimicus(
  yaml: string,
  options: MimicusOptions & { files?: Record<string, string | Buffer> } = {},
): Promise<Mimicus & { file: string }> {
  const dir = writeTempFiles({ 'mimicus.yaml': yaml, ...(options.files ?? {}) });
  const file = join(dir, 'mimicus.yaml');
  const mimicus = await createMimicus(file, options);
  await mimicus.listen(0, '127.0.0.1');
  return Object.assign(mimicus, { file });
}
