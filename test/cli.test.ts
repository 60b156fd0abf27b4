import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, startServe } from './support/start-serve.js';
import { writeTempFiles } from './support/start-mimicus.js';

const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('mimicus CLI', () => {
  it('validate exits 0 for a valid config', () => {
    const dir = writeTempFiles({ 'ok.yaml': 'version: 2\nendpoints:\n  - { id: a, path: /a, response: { body: a } }\n' });
    const result = run('validate', join(dir, 'ok.yaml'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid (1 endpoints)');
  });

  it('validate lists every problem with path and line:column, exit 1', () => {
    const dir = writeTempFiles({
      'bad.yaml': [
        'version: 2',
        'endpoints:',
        '  - id: a',
        '    path: /a',
        '    response: { status: 700 }',
        '  - id: b',
        '    path: /b',
        '    respnse: { body: x }',
        '',
      ].join('\n'),
    });
    const result = run('validate', join(dir, 'bad.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/endpoints\[0\]\.response\.status: must be an integer 100-599 \(.*bad\.yaml:5:\d+\)/);
    expect(result.stderr).toMatch(/endpoints\[1\].*unknown key "respnse" \(did you mean "response"\?\)/);
  });

  it('validate reports route conflicts naming both endpoints', () => {
    const dir = writeTempFiles({
      'conflict.yaml': [
        'version: 2',
        'endpoints:',
        '  - { id: first, method: GET, path: "/u/{id}", response: { body: a } }',
        '  - { id: second, method: GET, path: "/u/{uid}", response: { body: b } }',
        '',
      ].join('\n'),
    });
    const result = run('validate', join(dir, 'conflict.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/endpoints\[1\].*"first".*conflict\.yaml:4:\d+.*conflict\.yaml:3:\d+/s);
  });

  it('schema prints the JSON Schema', () => {
    const result = run('schema');
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown>; $defs: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'server', 'endpoints']));
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['Endpoint', 'Predicate', 'RequestMatch']));
  });

  it('serve answers requests and stops cleanly on SIGTERM', async () => {
    const dir = writeTempFiles({ 'serve.yaml': 'version: 2\nendpoints:\n  - { id: a, path: /a, response: { body: served } }\n' });
    const { url, child } = await startServe(join(dir, 'serve.yaml'));
    expect(await (await fetch(`${url}/a`)).text()).toBe('served');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('serve --clock-start runs the schedule clock from the given instant', async () => {
    const dir = writeTempFiles({
      'clock.yaml': [
        'version: 2',
        'server: { debugHeaders: true }',
        'endpoints:',
        '  - id: a',
        '    path: /a',
        '    schedule: { windows: [ { name: new-year, dates: { from: "2030-01-01", to: "2030-01-01" }, status: 202 } ] }',
        '    response: { body: a }',
        '',
      ].join('\n'),
    });
    const { url, child } = await startServe(join(dir, 'clock.yaml'), '--clock-start', '2030-01-01T12:00:00Z');
    try {
      const res = await fetch(`${url}/a`);
      expect(res.status).toBe(202);
      expect(res.headers.get('server-timing')).toContain('window;desc="new-year"');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serve says in one line that the port is taken, and exits 3', async () => {
    const dir = writeTempFiles({ 'ok.yaml': 'version: 2\nendpoints: []\n' });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((taken.address() as AddressInfo).port);
      const result = run('serve', join(dir, 'ok.yaml'), '--port', port, '--no-admin', '--no-watch');
      expect(result.code).toBe(3);
      expect(result.stderr.trim()).toBe(
        `mimicus: cannot listen: listen EADDRINUSE: address already in use 127.0.0.1:${port} (the data plane: server.port / --port; the admin API: admin.port / --admin-port)`,
      );
    } finally {
      taken.close();
    }
  });

  it('serve refuses a malformed --clock-start', () => {
    const dir = writeTempFiles({ 'ok.yaml': 'version: 2\nendpoints: []\n' });
    const result = run('serve', join(dir, 'ok.yaml'), '--clock-start', 'tomorrow');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('expected an ISO 8601 instant');
  });

  it('serve refuses an invalid config with exit 1', () => {
    const dir = writeTempFiles({ 'bad.yaml': 'version: 2\nendpoints: [ { id: a, path: a } ]\n' });
    const result = run('serve', join(dir, 'bad.yaml'), '--port', '0');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('endpoints[0].path');
  });
});
