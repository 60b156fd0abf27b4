import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from './support/start-serve.js';
import { writeTempFiles } from './support/start-mimicus.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to its end (bounded: a command that spins fails the test instead of hanging it). */
function run(cwd: string, args: readonly string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mimicus ${args.join(' ')} still ran after ${options.timeoutMs ?? 15_000} ms: ${stdout}${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** `mimicus serve` in the background; resolves once both listeners are logged, with the JSON log lines so far. */
function serve(cwd: string, args: readonly string[]): Promise<{ child: ChildProcess; url: string; adminUrl: string; log: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args, '--no-pretty'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/[^"\s]+)/.exec(output)?.[1];
      const adminUrl = /console on (http:\/\/[^"\s]+)\//.exec(output)?.[1];
      if (url && adminUrl) resolve({ child, url, adminUrl, log: () => output });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
}

/** A port something else holds for the test's duration. */
async function takenPort(): Promise<{ port: number; close: () => void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

describe('the CLI on first contact', () => {
  it('says CONFIG_NOT_FOUND for a missing file and exits 4, pointing at init', async () => {
    const dir = writeTempFiles({});
    const served = await run(dir, ['serve', 'nope.yaml']);
    expect(served).toMatchObject({ code: 4, stdout: '' });
    expect(served.stderr).toBe(`mimicus: CONFIG_NOT_FOUND: no config file ${join(dir, 'nope.yaml')}; write a starter one with: mimicus init nope.yaml\n`);
    expect((await run(dir, ['validate', 'nope.yaml'])).code).toBe(4);
  });

  it('exits 2 on usage errors, and -H is not --host', async () => {
    const dir = writeTempFiles({});
    const dashH = await run(dir, ['serve', '-H', 'x-tenant: a']);
    expect(dashH.code).toBe(2);
    expect(dashH.stderr).toContain("unknown option '-H'");
    expect((await run(dir, ['bogus'])).code).toBe(2);
    expect((await run(dir, ['serve', '--port', 'http'])).code).toBe(2);
    expect((await run(dir, ['--version'])).code).toBe(0);
  });

  it('init writes a commented starter config that validates, and never overwrites', async () => {
    const dir = writeTempFiles({});
    const init = await run(dir, ['init']);
    expect(init.code).toBe(0);
    const text = readFileSync(join(dir, 'mimicus.yaml'), 'utf8');
    expect(text.split('\n').filter((line) => line.includes('#')).length).toBeGreaterThan(10);
    expect(await run(dir, ['validate', 'mimicus.yaml'])).toMatchObject({ code: 0, stdout: 'mimicus.yaml: valid (3 endpoints)\n' });
    writeFileSync(join(dir, 'mimicus.yaml'), 'mine');
    const again = await run(dir, ['init']);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('exists; pass --force');
    expect(readFileSync(join(dir, 'mimicus.yaml'), 'utf8')).toBe('mine');
  });

  it('fails fast with DATA_DIR_UNUSABLE for a data dir that cannot exist', async () => {
    const dir = writeTempFiles({ 'm.yaml': 'version: 2\nendpoints: []\n', 'a-file': 'x' });
    const proc = await run(dir, ['serve', 'm.yaml', '--port', '0', '--data-dir', '/proc/nope'], { timeoutMs: 10_000 });
    expect(proc.code).toBe(5);
    expect(proc.stderr).toContain('mimicus: DATA_DIR_UNUSABLE: cannot create /proc/nope');
    const underFile = await run(dir, ['serve', 'm.yaml', '--port', '0', '--data-dir', 'a-file/data']);
    expect(underFile.code).toBe(5);
    expect(underFile.stderr).toContain(`${join(dir, 'a-file')} exists and is not a directory`);
  });

  it('exits 3 when the port is taken', async () => {
    const dir = writeTempFiles({ 'm.yaml': 'version: 2\nendpoints: []\n' });
    const taken = await takenPort();
    try {
      const proc = await run(dir, ['serve', 'm.yaml', '--port', String(taken.port), '--no-admin']);
      expect(proc.code).toBe(3);
      expect(proc.stderr).toContain('EADDRINUSE');
    } finally {
      taken.close();
    }
  });

  it('ends quietly when the reader of its output goes away (schema | head)', async () => {
    const piped = await new Promise<Run>((resolve) => {
      const child = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" schema | head -c 10 >/dev/null; exit 0`]);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('close', (code) => resolve({ code, stdout: '', stderr }));
    });
    expect(piped.stderr).toBe('');
  });

  it('reports template typos and a brace in a flow mapping at validate, each as one clear problem', async () => {
    const dir = writeTempFiles({
      'typo.yaml': 'version: 2\nendpoints:\n  - id: a\n    path: /a/{id}\n    response: { template: true, body: "{{uuidd}} {{requst.params.id}}" }\n',
      'flow.yaml': 'version: 2\nendpoints:\n  - { id: u, method: GET, path: /api/users/{id}, response: { body: hi } }\n',
    });
    const typo = await run(dir, ['validate', 'typo.yaml']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('unknown helper or variable "uuidd" (did you mean "uuid"?)');
    const flow = await run(dir, ['validate', 'flow.yaml']);
    expect(flow.code).toBe(1);
    expect(flow.stderr).toContain('flow.yaml: 1 problem(s)');
    expect(flow.stderr).toContain('quote it, path: "/api/users/{id}"');
  });
});

describe('serve beside another instance', () => {
  it('logs the data plane and console URLs, and a second instance takes the admin port next to its own data port', async () => {
    const dir = writeTempFiles({ 'a.yaml': 'version: 2\nendpoints:\n  - { id: hi, path: /hi, response: { body: hi } }\n' });
    const blocker = await takenPort();
    try {
      // The data port is free and the one after it is taken: the admin API must move on, not fail.
      const dataPort = blocker.port - 1;
      const first = await serve(dir, ['a.yaml', '--port', String(dataPort), '--data-dir', 'one']).catch(() => undefined);
      // The port below may itself be taken on a busy machine; then this case says nothing.
      if (first === undefined) return;
      expect(first.url).toBe(`http://127.0.0.1:${dataPort}`);
      expect(Number(new URL(first.adminUrl).port)).toBeGreaterThan(blocker.port);
      expect(first.log()).toContain('admin.port is not configured');
      expect(await (await fetch(`${first.url}/hi`)).text()).toBe('hi');
      expect((await fetch(`${first.adminUrl}/api/health`)).status).toBe(200);
    } finally {
      blocker.close();
    }
  });

  it('--no-write-back serves console changes without rewriting the config file', async () => {
    const yaml = '# mine\nversion: 2\nendpoints:\n  - { id: hi, path: /hi, response: { body: hi } }\n';
    const dir = writeTempFiles({ 'q.yaml': yaml });
    const server = await serve(dir, ['q.yaml', '--port', '0', '--no-write-back']);
    const created = await fetch(`${server.adminUrl}/api/endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'world', path: '/world', response: { body: 'earth' } }),
    });
    expect(created.status).toBe(201);
    expect(await (await fetch(`${server.url}/world`)).text()).toBe('earth');
    expect(readFileSync(join(dir, 'q.yaml'), 'utf8')).toBe(yaml);
  });
});

describe('mimicus state finds the running server', () => {
  it("uses the server's data dir when only it exists, and refuses when ./.mimicus is another store", async () => {
    const root = writeTempFiles({ 'examples/q.yaml': 'version: 2\nendpoints:\n  - { id: hi, path: /hi, response: { body: hi } }\n' });
    const server = await serve(root, ['examples/q.yaml', '--port', '0']);
    const env = { MIMICUS_ADMIN_URL: server.adminUrl };
    const set = await run(root, ['state', 'set', 'global', 'flag', 'true'], { env });
    expect(set.code).toBe(0);
    expect(set.stderr).toContain(`using ${join(root, 'examples', '.mimicus')}, the data directory of the server at ${server.adminUrl}`);
    expect(existsSync(join(root, '.mimicus'))).toBe(false);
    const status = (await (await fetch(`${server.adminUrl}/api/state/global/flag`)).json()) as { value: unknown };
    expect(status.value).toBe(true);

    mkdirSync(join(root, '.mimicus'));
    const ambiguous = await run(root, ['state', 'get', 'global', 'flag'], { env });
    expect(ambiguous.code).toBe(6);
    expect(ambiguous.stderr).toContain(
      `two candidate stores: ${join(root, 'examples', '.mimicus')} (the server running at ${server.adminUrl}) and ${join(root, '.mimicus')}`,
    );
    expect((await run(root, ['state', 'get', 'global', 'flag', '--data-dir', 'examples/.mimicus'], { env })).stdout).toBe('true\n');
  });
});
