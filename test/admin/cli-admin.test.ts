import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTempFiles } from '../support/start-mimicus.js';
import { BASE } from './admin-harness.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mimicus.js');
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** Starts `mimicus serve` and resolves with its output once the data plane listens (and, if expected, the admin API). */
async function serve(args: string[], until: RegExp): Promise<string> {
  child = spawn(process.execPath, [BIN, 'serve', ...args, '--port', '0', '--no-pretty'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise<string>((resolve, reject) => {
    child!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) resolve(output);
    });
    child!.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

describe('mimicus serve with the admin API', () => {
  it('starts the admin API beside the data plane and logs its URL', async () => {
    const file = join(writeTempFiles({ 'mimicus.yaml': BASE }), 'mimicus.yaml');
    const output = await serve([file], /admin API on (http:\/\/[^"\s/]+)/);
    const adminUrl = /admin API on (http:\/\/[^"\s/]+)/.exec(output)![1]!;
    expect(await (await fetch(`${adminUrl}/api/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${adminUrl}/api/endpoints`)).json()).toMatchObject({ items: [{ id: 'hello' }] });
  });

  it('--no-admin serves the data plane only', async () => {
    const file = join(writeTempFiles({ 'mimicus.yaml': BASE }), 'mimicus.yaml');
    const output = await serve([file, '--no-admin'], /listening on http/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(output).not.toMatch(/admin API on/);
  });

  it('refuses to start when the admin API would listen on 0.0.0.0 without keys', () => {
    const file = join(writeTempFiles({ 'mimicus.yaml': `${BASE}admin: { host: 0.0.0.0 }\n` }), 'mimicus.yaml');
    const result = spawnSync(process.execPath, [BIN, 'serve', file, '--port', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(6);
    expect(result.stderr).toContain('admin.apiKeys');
    expect(result.stderr).toContain('0.0.0.0');
  });
});
