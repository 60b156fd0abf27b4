import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../src/index.js';
import { openSqliteStateStore, workflowStateKey } from '../src/state/index.js';
import { writeTempFiles } from './support/start-mimicus.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'mimicus.js');
/** Where no admin API answers: without --config or --data-dir the CLI asks one (another session's server may hold 8081). */
const NO_SERVER = 'http://127.0.0.1:9';

/**
 * Runs `mimicus state …` without blocking this process: a server under test may share the
 * database, and its group commit needs the event loop to run while the CLI waits for the lock.
 */
function state(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'state', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', MIMICUS_ADMIN_URL: NO_SERVER } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temp dir with an existing, empty data dir `data/`. */
function withDataDir(): { dir: string; dataDir: string } {
  const dir = writeTempFiles({});
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  return { dir, dataDir };
}

// Each spawn starts a Node process: 1 s idle, up to 5 s on a loaded two-core machine. Tests spawn
// at most three; the timeout only guards against a hang (nothing here asserts a duration).
describe('mimicus state', { timeout: 45_000 }, () => {
  let mimicus: Mimicus | undefined;
  afterEach(async () => {
    await mimicus?.close();
    mimicus = undefined;
  });

  it('refuses a data directory that does not exist, and creates nothing', async () => {
    const dir = writeTempFiles({});
    const list = await state(dir, 'list');
    expect(list.code).toBe(5);
    expect(list.stderr).toContain(`error: no data directory ${join(dir, '.mimicus')}`);
    expect(list.stderr).toContain('STATE_DATA_DIR_NOT_FOUND');

    const set = await state(dir, 'set', 'global', 'x', '1', '--data-dir', 'missing');
    expect(set.code).toBe(5);
    expect(set.stderr).toContain(`no data directory ${join(dir, 'missing')} (from --data-dir)`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('lists an empty data directory without creating a database', async () => {
    const { dir, dataDir } = withDataDir();
    const list = await state(dir, 'list', '--data-dir', dataDir);
    expect(list).toMatchObject({ code: 0, stdout: '', stderr: 'no entries\n' });
    expect(await state(dir, 'list', '--json', '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: '' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('gets and resets nothing in an empty data directory without creating a database', async () => {
    const { dir, dataDir } = withDataDir();
    expect((await state(dir, 'get', 'global', 'x', '--data-dir', dataDir)).code).toBe(1);
    expect(await state(dir, 'reset', 'global', '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: 'removed 0 entries from global\n' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  /** A data dir whose state.sqlite holds `entries` (scope text → key → value), written without the CLI. */
  async function seeded(entries: Record<string, Record<string, unknown>>): Promise<{ dir: string; at: string[] }> {
    const { dir, dataDir } = withDataDir();
    const store = await openSqliteStateStore({ file: join(dataDir, 'state.sqlite') });
    for (const [scope, values] of Object.entries(entries)) {
      const [kind, id] = scope.split(/:(.*)/) as [string, string | undefined];
      const prefix = kind === 'global' ? 'global:' : `${kind}:${encodeURIComponent(id!)}:`;
      for (const [key, value] of Object.entries(values)) await store.set(`${prefix}var:${key}`, value);
    }
    await store.close();
    return { dir, at: ['--data-dir', dataDir] };
  }

  // One spawn of the CLI costs a second or more on a loaded machine: each test here spawns a few.
  it('sets variables of every scope kind', async () => {
    const { dir, dataDir } = withDataDir();
    const at = ['--data-dir', dataDir];
    expect(await state(dir, 'set', 'global', 'mode', '"maintenance"', ...at)).toMatchObject({ code: 0, stdout: 'set mode in global\n' });
    expect((await state(dir, 'set', 'session:abc', 'cart', '{"items": [1, 2]}', ...at)).code).toBe(0);
    // Options may come before the subcommand too, and `--` lets a negative number through.
    expect((await state(dir, '--data-dir', dataDir, 'set', 'client:10.0.0.7', 'credit', '--', '-5')).code).toBe(0);
    const store = await openSqliteStateStore({ file: join(dataDir, 'state.sqlite') });
    try {
      expect(await store.list('')).toEqual([
        { key: 'client:10.0.0.7:var:credit', value: -5 },
        { key: 'global:var:mode', value: 'maintenance' },
        { key: 'session:abc:var:cart', value: { items: [1, 2] } },
      ]);
    } finally {
      await store.close();
    }
  });

  it('gets a variable as JSON', async () => {
    const { dir, at } = await seeded({ global: { mode: 'maintenance' }, 'session:abc': { cart: { items: [1, 2] } } });
    expect(await state(dir, 'get', 'global', 'mode', ...at)).toMatchObject({ code: 0, stdout: '"maintenance"\n' });
    expect(await state(dir, 'get', 'session:abc', 'cart', ...at)).toMatchObject({ code: 0, stdout: '{"items":[1,2]}\n' });
  });

  it('lists variables as a table, or as JSON lines by scope, kind and limit', async () => {
    const { dir, at } = await seeded({ global: { mode: 'maintenance' }, 'session:abc': { cart: { items: [1, 2] } }, 'client:10.0.0.7': { credit: -5 } });
    const table = await state(dir, 'list', ...at);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')).toEqual([
      'SCOPE            KIND  KEY     VALUE',
      'client:10.0.0.7  var   credit  -5',
      'global           var   mode    "maintenance"',
      'session:abc      var   cart    {"items":[1,2]}',
      '',
    ]);

    const lines = await state(dir, 'list', 'session', '--json', ...at);
    expect(
      lines.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([{ scope: 'session:abc', kind: 'var', name: 'cart', value: { items: [1, 2] } }]);
    expect((await state(dir, 'list', '--kind', 'var', '--limit', '1', '--json', ...at)).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('deletes a variable, and says so when there is none', async () => {
    const { dir, at } = await seeded({ global: { mode: 'maintenance' } });
    expect(await state(dir, 'delete', 'global', 'mode', ...at)).toMatchObject({ code: 0, stdout: 'deleted mode from global\n' });
    expect(await state(dir, 'delete', 'global', 'mode', ...at)).toMatchObject({ code: 1, stderr: 'error: no variable "mode" in global\n' });
    expect(await state(dir, 'get', 'global', 'mode', ...at)).toMatchObject({ code: 1, stdout: '', stderr: 'error: no variable "mode" in global\n' });
  });

  it('finds the data directory next to --config, default mimicus.yaml in the working directory', async () => {
    const dir = writeTempFiles({ 'mocks/api.yaml': 'version: 2\nendpoints: []\n' });
    mkdirSync(join(dir, 'mocks', '.mimicus'));
    expect((await state(dir, 'set', 'global', 'a', '1', '--config', 'mocks/api.yaml')).code).toBe(0);
    expect(existsSync(join(dir, 'mocks', '.mimicus', 'state.sqlite'))).toBe(true);
    expect((await state(join(dir, 'mocks'), 'get', 'global', 'a', '-c', 'api.yaml')).stdout).toBe('1\n');

    mkdirSync(join(dir, '.mimicus'));
    expect((await state(dir, 'set', 'global', 'b', 'true')).code).toBe(0);
    expect((await state(dir, 'get', 'global', 'b', '--data-dir', '.mimicus')).stdout).toBe('true\n');
  });

  /** A data dir holding workflow states in three scopes, and a variable of session b. */
  async function withWorkflows(): Promise<{ dir: string; at: string[] }> {
    const { dir, dataDir } = withDataDir();
    const store = await openSqliteStateStore({ file: join(dataDir, 'state.sqlite') });
    await store.set(workflowStateKey({ kind: 'global' }, 'checkout'), 'paid');
    await store.set(workflowStateKey({ kind: 'session', id: 'a' }, 'checkout'), 'cart');
    await store.set(workflowStateKey({ kind: 'session', id: 'b' }, 'checkout'), 'shipped');
    await store.set(workflowStateKey({ kind: 'session', id: 'b' }, 'refund'), 'open');
    await store.set('session:b:var:x', 1);
    await store.close();
    return { dir, at: ['--data-dir', dataDir] };
  }

  it('resets a workflow in one scope, then in every scope, printing how many states it removed', async () => {
    const { dir, at } = await withWorkflows();
    expect((await state(dir, 'list', '--kind', 'wf', ...at)).stdout.split('\n')).toHaveLength(6);
    expect(await state(dir, 'reset-workflow', 'checkout', 'session:a', ...at)).toMatchObject({
      code: 0,
      stdout: 'removed 1 state of workflow checkout in session:a\n',
    });
    expect(await state(dir, 'reset-workflow', 'checkout', ...at)).toMatchObject({ code: 0, stdout: 'removed 2 states of workflow checkout\n' });
  });

  it('resets every scope of a kind, printing how many entries it removed', async () => {
    const { dir, at } = await withWorkflows();
    expect(await state(dir, 'reset', 'session', ...at)).toMatchObject({ code: 0, stdout: 'removed 4 entries from session\n' });
    expect(await state(dir, 'list', '--json', ...at)).toMatchObject({
      code: 0,
      stdout: `${JSON.stringify({ scope: 'global', kind: 'wf', name: 'checkout', value: 'paid' })}\n`,
    });
  });

  it('sets a variable that expires with --ttl', async () => {
    const { dir, dataDir } = withDataDir();
    const at = ['--data-dir', dataDir];
    const before = Date.now();
    expect(await state(dir, 'set', 'session:abc', 'token', '"t-1"', '--ttl', '1500ms', ...at)).toMatchObject({
      code: 0,
      stdout: 'set token in session:abc for 1500 ms\n',
    });
    const after = Date.now();
    // The stored expiry, read back, instead of sleeping past it (expiry itself is the store contract's).
    const store = await openSqliteStateStore({ file: join(dataDir, 'state.sqlite') });
    try {
      const [entry] = await store.list('session:abc:');
      expect(entry).toMatchObject({ key: 'session:abc:var:token', value: 't-1' });
      expect(entry!.expiresAt).toBeGreaterThanOrEqual(before + 1500);
      expect(entry!.expiresAt).toBeLessThanOrEqual(after + 1500);
    } finally {
      await store.close();
    }
    const bad = await state(dir, 'set', 'global', 'x', '1', '--ttl', '0s', ...at);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--ttl must be a duration longer than 0, like 30m, 10s or 250ms, got "0s"');
  });

  it('reports a bad scope or value in one line and exits 1', async () => {
    const { dir, dataDir } = withDataDir();
    const at = ['--data-dir', dataDir];
    const badScope = await state(dir, 'list', 'sesion:abc', ...at);
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toBe(
      'error: unknown scope "sesion:abc": expected global, session[:<id>], client[:<address>] or endpoint[:<id>] (STATE_SCOPE_INVALID)\n',
    );

    const wholeKind = await state(dir, 'set', 'session', 'cart', '[]', ...at);
    expect(wholeKind.code).toBe(1);
    expect(wholeKind.stderr).toContain('scope "session" names every session: give one, e.g. "session:<id>" (STATE_SCOPE_INVALID)');

    const badJson = await state(dir, 'set', 'global', 'greeting', 'hello', ...at);
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toMatch(/^error: <json> is not valid JSON: "hello" \(.*\); quote a string as '"text"'\n$/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('reports usage errors and exits 2', async () => {
    const { dir, dataDir } = withDataDir();
    const at = ['--data-dir', dataDir];
    const badKind = await state(dir, 'list', '--kind', 'vars', ...at);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain("argument 'vars' is invalid. Allowed choices are var, seq, crud, wf");

    expect((await state(dir, 'get', 'global', ...at)).stderr).toContain("missing required argument 'key'");
    expect((await state(dir, 'frobnicate', ...at)).code).toBe(2);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  /** A server with a CRUD collection serving `state/` of a temp dir, and a variable it holds. */
  async function serving(): Promise<{ dir: string; dataDir: string; server: Mimicus }> {
    const dir = writeTempFiles({
      'mimicus.yaml': 'version: 2\nendpoints:\n  - { id: products, path: /api/products, crud: { collection: products } }\n',
    });
    const dataDir = join(dir, 'state');
    const server = await createMimicus(join(dir, 'mimicus.yaml'), { dataDir });
    mimicus = server;
    await server.listen(0, '127.0.0.1');
    await server.state.set('global', 'mode', 'on');
    return { dir, dataDir, server };
  }

  it('writes and reads while a server runs on the same data directory', async () => {
    const { dir, dataDir, server } = await serving();
    expect((await state(dir, 'set', 'session:abc', 'cart', '{"items":["saw"]}', '--data-dir', dataDir)).code).toBe(0);
    expect(await server.state.get('session:abc', 'cart')).toEqual({ items: ['saw'] });
    expect((await state(dir, 'get', 'global', 'mode', '--data-dir', dataDir)).stdout).toBe('"on"\n');
  });

  it('lists and resets what a running server wrote', async () => {
    const { dir, dataDir, server } = await serving();
    const created = await fetch(`${server.url}/api/products`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"p1"}' });
    expect(created.status).toBe(201);
    const listed = await state(dir, 'list', 'global', '--kind', 'crud', '--json', '--data-dir', dataDir);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toContainEqual({
      scope: 'global',
      kind: 'crud',
      name: 'products:p1',
      value: { id: 'p1' },
    });

    // The item, the variable, and whatever bookkeeping the collection keeps (its id counter).
    expect((await state(dir, 'reset', 'global', '--data-dir', dataDir)).stdout).toMatch(/^removed [23] entries from global\n$/);
    expect(await (await fetch(`${server.url}/api/products`)).json()).toEqual([]);
    expect(await server.state.get('global', 'mode')).toBeUndefined();
  });
});
