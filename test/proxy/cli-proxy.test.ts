import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../support/start-serve.js';
import { startBackend, type Backend } from './backends.js';

const stops: (() => void)[] = [];
let backend: Backend | undefined;
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await backend?.close();
});

describe('mimicus proxy <url>', () => {
  it('forwards everything to the backend and takes mocks live through the admin API', async () => {
    backend = await startBackend((req, res) => res.writeHead(200, { 'content-length': String(req.url!.length) }).end(req.url));
    const child = spawn(
      process.execPath,
      [BIN, 'proxy', backend.url, '--port', '0', '--no-pretty', '--data-dir', mkdtempSync(join(tmpdir(), 'mimicus-proxy-cli-'))],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    stops.push(() => child.kill('SIGKILL'));
    let output = '';
    const { url, adminUrl } = await new Promise<{ url: string; adminUrl: string }>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const data = /listening on (http:\/\/[^"\s]+)/.exec(output);
        const admin = /admin API on (http:\/\/[^"\s/]+:\d+)/.exec(output);
        if (data && admin) resolve({ url: data[1]!, adminUrl: admin[1]! });
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    expect(await (await fetch(`${url}/users/1`)).text()).toBe('/users/1');
    const created = await fetch(`${adminUrl}/api/endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'mock', path: '/users/1', response: { body: 'mocked' } }),
    });
    expect(created.status).toBeLessThan(300);
    expect(await (await fetch(`${url}/users/1`)).text()).toBe('mocked');
    expect(await (await fetch(`${url}/users/2`)).text()).toBe('/users/2');
  });
});
