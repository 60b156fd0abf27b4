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

describe('mimicus state', () => {
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

  it('reads an empty data directory without creating a database', async () => {
    const { dir, dataDir } = withDataDir();
    const list = await state(dir, 'list', '--data-dir', dataDir);
    expect(list).toMatchObject({ code: 0, stdout: '', stderr: 'no entries\n' });
    expect(await state(dir, 'list', '--json', '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: '' });
    expect((await state(dir, 'get', 'global', 'x', '--data-dir', dataDir)).code).toBe(1);
    expect(await state(dir, 'reset', 'global', '--data-dir', dataDir)).toMatchObject({ code: 0, stdout: 'removed 0 entries from global\n' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('sets, gets, lists and deletes variables', async () => {
    const { dir, dataDir } = withDataDir();
    const at = ['--data-dir', dataDir];
    expect(await state(dir, 'set', 'global', 'mode', '"maintenance"', ...at)).toMatchObject({ code: 0, stdout: 'set mode in global\n' });
    expect((await state(dir, 'set', 'session:abc', 'cart', '{"items": [1, 2]}', ...at)).code).toBe(0);
    // Options may come before the subcommand too, and `--` lets a negative number through.
    expect((await state(dir, '--data-dir', dataDir, 'set', 'client:10.0.0.7', 'credit', '--', '-5')).code).toBe(0);

    expect(await state(dir, 'get', 'global', 'mode', ...at)).toMatchObject({ code: 0, stdout: '"maintenance"\n' });
    expect(await state(dir, 'get', 'session:abc', 'cart', ...at)).toMatchObject({ code: 0, stdout: '{"items":[1,2]}\n' });

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

  it('resets scopes and workflows, printing how many entries it removed', async () => {
    const { dir, dataDir } = withDataDir();
    const store = await openSqliteStateStore({ file: join(dataDir, 'state.sqlite') });
    await store.set(workflowStateKey({ kind: 'global' }, 'checkout'), 'paid');
    await store.set(workflowStateKey({ kind: 'session', id: 'a' }, 'checkout'), 'cart');
    await store.set(workflowStateKey({ kind: 'session', id: 'b' }, 'checkout'), 'shipped');
    await store.set(workflowStateKey({ kind: 'session', id: 'b' }, 'refund'), 'open');
    await store.set('session:b:var:x', 1);
    await store.close();
    const at = ['--data-dir', dataDir];

    expect((await state(dir, 'list', '--kind', 'wf', ...at)).stdout.split('\n')).toHaveLength(6);
    expect(await state(dir, 'reset-workflow', 'checkout', 'session:a', ...at)).toMatchObject({
      code: 0,
      stdout: 'removed 1 state of workflow checkout in session:a\n',
    });
    expect(await state(dir, 'reset-workflow', 'checkout', ...at)).toMatchObject({ code: 0, stdout: 'removed 2 states of workflow checkout\n' });
    expect(await state(dir, 'reset', 'session', ...at)).toMatchObject({ code: 0, stdout: 'removed 2 entries from session\n' });
    expect(await state(dir, 'list', '--json', ...at)).toMatchObject({ code: 0, stdout: '' });
  });

  it('sets a variable that expires with --ttl', async () => {
    const { dir, dataDir } = withDataDir();
    const at = ['--data-dir', dataDir];
    expect(await state(dir, 'set', 'session:abc', 'token', '"t-1"', '--ttl', '1500ms', ...at)).toMatchObject({
      code: 0,
      stdout: 'set token in session:abc for 1500 ms\n',
    });
    const store = await openSqliteStateStore({ file: join(dataDir, 'state.sqlite') });
    try {
      expect(await store.get('session:abc:var:token')).toBe('t-1');
      await new Promise((resolve) => setTimeout(resolve, 1700));
      expect(await store.get('session:abc:var:token')).toBeUndefined();
    } finally {
      await store.close();
    }
    const bad = await state(dir, 'set', 'global', 'x', '1', '--ttl', '0s', ...at);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--ttl must be a duration longer than 0, like 30m, 10s or 250ms, got "0s"');
  });

  it('reports bad input in one line and exits 1, or 2 for usage', async () => {
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

    const badKind = await state(dir, 'list', '--kind', 'vars', ...at);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain("argument 'vars' is invalid. Allowed choices are var, seq, crud, wf");

    expect((await state(dir, 'get', 'global', ...at)).stderr).toContain("missing required argument 'key'");
    expect((await state(dir, 'frobnicate', ...at)).code).toBe(2);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('works while a server runs on the same data directory', async () => {
    const dir = writeTempFiles({
      'mimicus.yaml': 'version: 2\nendpoints:\n  - { id: products, path: /api/products, crud: { collection: products } }\n',
    });
    const dataDir = join(dir, 'state');
    mimicus = await createMimicus(join(dir, 'mimicus.yaml'), { dataDir });
    await mimicus.listen(0, '127.0.0.1');
    await mimicus.state.set('global', 'mode', 'on');

    expect((await state(dir, 'set', 'session:abc', 'cart', '{"items":["saw"]}', '--data-dir', dataDir)).code).toBe(0);
    expect(await mimicus.state.get('session:abc', 'cart')).toEqual({ items: ['saw'] });
    expect((await state(dir, 'get', 'global', 'mode', '--data-dir', dataDir)).stdout).toBe('"on"\n');

    const created = await fetch(`${mimicus.url}/api/products`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"p1"}' });
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
    expect(await (await fetch(`${mimicus.url}/api/products`)).json()).toEqual([]);
    expect(await mimicus.state.get('global', 'mode')).toBeUndefined();
  });
});
