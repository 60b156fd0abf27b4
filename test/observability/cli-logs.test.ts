import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../support/otlp-receiver.js';
import { writeTempFiles } from '../support/start-mimicus.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mimicus.js');

/** A loopback port that was free a moment ago: the URL must be known without reading the (maybe silenced) log. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `mimicus serve` with stdout piped (not a TTY), sends one request, stops it with SIGTERM and returns its stdout lines. */
async function serveOnce(config: string, ...args: string[]): Promise<Array<Record<string, unknown>>> {
  const dir = writeTempFiles({ 'serve.yaml': config });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [BIN, 'serve', join(dir, 'serve.yaml'), '--port', String(port), '--host', '127.0.0.1', '--no-admin', '--no-watch', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  try {
    let body: string | undefined;
    for (let i = 0; i < 200 && body === undefined && exitCode === undefined; i++) {
      body = await fetch(`http://127.0.0.1:${port}/a`).then(
        (response) => response.text(),
        () => undefined,
      );
      if (body === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(body, output).toBe('served');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    // A failed expectation must not leave the server running.
    if (exitCode === undefined) child.kill('SIGKILL');
  }
  return output
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const config = (observability: string) => `version: 2\nobservability: ${observability}\nendpoints:\n  - { id: a, path: /a, response: { body: served } }\n`;

describe('mimicus serve: logs and traces', () => {
  it('writes JSON lines (stdout is not a TTY), the access log among them, and exports the traces before it exits', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const lines = await serveOnce(config(`{ accessLog: true, tracing: { otlpEndpoint: "${receiver.url}", serviceName: cli } }`));
      expect(lines.find((line) => line.log === 'access')).toMatchObject({
        level: 30,
        service: 'mimicus',
        method: 'GET',
        path: '/a',
        status: 200,
        endpoint: 'a',
      });
      expect(lines.find((line) => line.msg === `tracing: exporting to ${receiver.url}`)).toBeDefined();
      expect(receiver.spans.filter((span) => span.kind === 2).map((span) => [span.name, span.serviceName])).toEqual([['GET /a', 'cli']]);
    } finally {
      await receiver.close();
    }
  });

  it('--log-level warn leaves the access log out', async () => {
    const lines = await serveOnce(config('{ accessLog: true }'), '--log-level', 'warn');
    expect(lines.filter((line) => line.log === 'access' || (line.level as number) < 40)).toEqual([]);
  });
});
