import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI, as users run it (npm test builds dist/ first). */
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mimicus.js');

/** Starts `mimicus serve …` on an ephemeral port and resolves with its URL once it logs that it listens. */
export async function startServe(...args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args, '--port', '0', '--no-pretty'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/[^"\s]+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => reject(new Error(`exited ${code ?? signal}: ${output}`)));
  });
  return { url, child };
}
