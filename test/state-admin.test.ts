import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateAdmin, resolveDataDir } from '../src/app/index.js';
import { createStateAdmin, type StateAdmin } from '../src/app/state-admin.js';
import { createMimicus, type Mimicus, type MimicusOptions } from '../src/index.js';
import {
  createMemoryStateStore,
  crudCollectionPrefix,
  openSqliteStateStore,
  sequenceCounterKey,
  variableKey,
  workflowStateKey,
  type StateStore,
} from '../src/state/index.js';
import { writeTempFiles } from './support/start-mimicus.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'mimicus-state-admin-'));

const stores: Record<string, () => Promise<StateStore>> = {
  memory: () => Promise.resolve(createMemoryStateStore()),
  sqlite: () => openSqliteStateStore({ file: join(tempDir(), 'state.sqlite') }),
};

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((closable) => closable.close()));
});

/** A store holding one entry of each kind in several scopes, and an admin over it. */
async function filled(open: () => Promise<StateStore>): Promise<{ store: StateStore; admin: StateAdmin }> {
  const store = await open();
  opened.push(store);
  await store.set(variableKey({ kind: 'global' }, 'mode'), 'maintenance');
  await store.set(sequenceCounterKey({ kind: 'global' }, 'orders'), 7);
  await store.set(`${crudCollectionPrefix({ kind: 'global' }, 'users')}1`, { id: 1, name: 'Ada' });
  await store.set(workflowStateKey({ kind: 'global' }, 'checkout'), 'paid');
  await store.set(variableKey({ kind: 'session', id: 'a:b' }, 'cart'), [1, 2]);
  await store.set(workflowStateKey({ kind: 'session', id: 'a:b' }, 'checkout'), 'cart');
  await store.set(variableKey({ kind: 'session', id: 's2' }, 'cart'), []);
  await store.set(workflowStateKey({ kind: 'session', id: 's2' }, 'checkout'), 'shipped');
  await store.set(workflowStateKey({ kind: 'session', id: 's2' }, 'other'), 'x');
  await store.set(variableKey({ kind: 'client', id: '10.0.0.7' }, 'hits'), 3);
  await store.set(variableKey({ kind: 'endpoint', id: 'orders' }, 'last'), { at: 1 });
  await store.set('not-a-state-key', true);
  return { store, admin: createStateAdmin(() => Promise.resolve(store)) };
}

describe.each(Object.entries(stores))('StateAdmin over a %s store', (_name, open) => {
  it('lists every scope with scope text as users write it, skipping keys outside the layout', async () => {
    const { admin } = await filled(open);
    const entries = await admin.list();
    expect(entries.map((e) => `${e.scope} ${e.kind}:${e.name}`)).toEqual([
      'client:10.0.0.7 var:hits',
      'endpoint:orders var:last',
      'global crud:users:1',
      'global seq:orders',
      'global var:mode',
      'global wf:checkout',
      'session:a:b var:cart',
      'session:a:b wf:checkout',
      'session:s2 var:cart',
      'session:s2 wf:checkout',
      'session:s2 wf:other',
    ]);
    expect((await admin.list(undefined, { limit: 7 })).at(-1)).toMatchObject({ scope: 'session:a:b', name: 'cart' });
    expect(entries.find((e) => e.kind === 'crud')).toEqual({ scope: 'global', kind: 'crud', name: 'users:1', value: { id: 1, name: 'Ada' } });
  });

  it('lists one scope, every session, and filters by kind with a limit', async () => {
    const { admin } = await filled(open);
    expect((await admin.list('session:a:b')).map((e) => e.name)).toEqual(['cart', 'checkout']);
    expect((await admin.list('session')).map((e) => e.scope)).toEqual(['session:a:b', 'session:a:b', 'session:s2', 'session:s2', 'session:s2']);
    expect(await admin.list('session', { kind: 'wf', limit: 2 })).toEqual([
      { scope: 'session:a:b', kind: 'wf', name: 'checkout', value: 'cart' },
      { scope: 'session:s2', kind: 'wf', name: 'checkout', value: 'shipped' },
    ]);
    expect(await admin.list('global', { kind: 'var' })).toEqual([{ scope: 'global', kind: 'var', name: 'mode', value: 'maintenance' }]);
    expect((await admin.list(undefined, { kind: 'var', limit: 3 })).map((e) => e.scope)).toEqual(['client:10.0.0.7', 'endpoint:orders', 'global']);
    expect(await admin.list('client:10.0.0.8')).toEqual([]);
    expect(await admin.list('global', { limit: 0 })).toEqual([]);
  });

  it('gets, sets and deletes variables of one concrete scope', async () => {
    const { store, admin } = await filled(open);
    expect(await admin.get('global', 'mode')).toBe('maintenance');
    expect(await admin.get('session:a:b', 'cart')).toEqual([1, 2]);
    expect(await admin.get('global', 'absent')).toBeUndefined();
    // Only variables: the sequence counter "orders" is not a variable.
    expect(await admin.get('global', 'orders')).toBeUndefined();

    await admin.set('session:new one', 'cart', { items: ['a'] });
    expect(await store.get('session:new%20one:var:cart')).toEqual({ items: ['a'] });
    expect(await admin.get('session:new one', 'cart')).toEqual({ items: ['a'] });

    expect(await admin.delete('session:new one', 'cart')).toBe(true);
    expect(await admin.delete('session:new one', 'cart')).toBe(false);
    expect(await admin.get('session:new one', 'cart')).toBeUndefined();
  });

  it('refuses bad scope text, a whole kind where one scope is needed, empty keys and non-JSON values', async () => {
    const { admin } = await filled(open);
    await expect(admin.list('sesion:abc')).rejects.toMatchObject({
      code: 'STATE_SCOPE_INVALID',
      detail: expect.stringContaining('unknown scope "sesion:abc"'),
    });
    await expect(admin.get('session:', 'x')).rejects.toMatchObject({ code: 'STATE_SCOPE_INVALID', detail: expect.stringContaining('needs an id') });
    await expect(admin.get('session', 'cart')).rejects.toMatchObject({ code: 'STATE_SCOPE_INVALID', detail: expect.stringContaining('"session:<id>"') });
    await expect(admin.set('client', 'x', 1)).rejects.toMatchObject({ code: 'STATE_SCOPE_INVALID' });
    await expect(admin.delete('endpoint', 'x')).rejects.toMatchObject({ code: 'STATE_SCOPE_INVALID' });
    await expect(admin.reset('everything')).rejects.toMatchObject({ code: 'STATE_SCOPE_INVALID' });
    await expect(admin.resetWorkflow('checkout', 'nope')).rejects.toMatchObject({ code: 'STATE_SCOPE_INVALID' });
    await expect(admin.set('global', '', 1)).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
    await expect(admin.set('global', 'when', new Date())).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
    await expect(admin.resetWorkflow('')).rejects.toMatchObject({ code: 'STATE_VALUE_INVALID' });
  });

  it('resets one scope, every scope of a kind, or global (CRUD items included), counting what it removed', async () => {
    const { store, admin } = await filled(open);
    expect(await admin.reset('session:a:b')).toBe(2);
    expect(await admin.list('session:a:b')).toEqual([]);
    expect(await admin.list('session:s2')).toHaveLength(3);
    expect(await admin.reset('session')).toBe(3);
    expect(await admin.reset('client:10.0.0.7')).toBe(1);
    expect(await admin.reset('endpoint')).toBe(1);
    expect(await admin.reset('global')).toBe(4);
    expect(await admin.list()).toEqual([]);
    expect(await store.get('not-a-state-key')).toBe(true);
  });

  it('resets a workflow in one scope, in every session, or everywhere', async () => {
    const { admin } = await filled(open);
    expect(await admin.resetWorkflow('checkout', 'session:a:b')).toBe(1);
    expect(await admin.resetWorkflow('checkout', 'session:a:b')).toBe(0);
    expect(await admin.resetWorkflow('checkout', 'session')).toBe(1);
    expect(await admin.resetWorkflow('checkout')).toBe(1);
    expect(await admin.resetWorkflow('checkout')).toBe(0);
    expect((await admin.list(undefined, { kind: 'wf' })).map((e) => `${e.scope} ${e.name}`)).toEqual(['session:s2 other']);
    // Variables named like the workflow are untouched.
    expect(await admin.list(undefined, { kind: 'var' })).toHaveLength(5);
  });
});

const CRUD_YAML = `version: 2
endpoints:
  - id: products
    path: /api/products
    crud: { collection: products, seed: products.json }
`;

describe.each<[string, MimicusOptions]>([
  ['memory', { dataDir: false }],
  ['SQLite (.mimicus/ next to the config)', {}],
])('Mimicus.state with %s state', (_name, options) => {
  let mimicus: Mimicus | undefined;
  afterEach(async () => {
    await mimicus?.close();
    mimicus = undefined;
  });

  it('works on the engine store, so the running server sees changes at once', async () => {
    const dir = writeTempFiles({ 'mimicus.yaml': CRUD_YAML, 'products.json': '[{ "id": 1, "name": "saw" }]' });
    mimicus = await createMimicus(join(dir, 'mimicus.yaml'), options);
    await mimicus.listen(0, '127.0.0.1');
    expect(await mimicus.state.list('global', { kind: 'crud' })).toContainEqual({
      scope: 'global',
      kind: 'crud',
      name: 'products:1',
      value: { id: 1, name: 'saw' },
    });

    const created = await fetch(`${mimicus.url}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"id":2,"name":"drill"}',
    });
    expect(created.status).toBe(201);
    // products#seq is the collection's id counter (engine/crud/item-id.ts), kept beside the items.
    expect((await mimicus.state.list(undefined, { kind: 'crud' })).map((e) => e.name)).toEqual(['products#seq', 'products:1', 'products:2']);

    await mimicus.state.set('global', 'mode', 'on');
    expect(await mimicus.state.get('global', 'mode')).toBe('on');
    expect(await mimicus.state.reset('global')).toBe(4);
    expect(await (await fetch(`${mimicus.url}/api/products`)).json()).toEqual([]);
    expect(existsSync(join(dir, '.mimicus', 'state.sqlite'))).toBe(options.dataDir === undefined);
  });
});

describe('openStateAdmin (outside a server)', () => {
  it('uses .mimicus/ next to the config, like serve, and --data-dir over it', () => {
    expect(resolveDataDir({ configFile: '/srv/mocks/api.yaml' })).toBe('/srv/mocks/.mimicus');
    expect(resolveDataDir({ configFile: '/srv/mocks/api.yaml', dataDir: '/var/state' })).toBe('/var/state');
    expect(resolveDataDir({})).toBe(join(process.cwd(), '.mimicus'));
  });

  it('refuses a missing data directory and creates nothing', async () => {
    const dir = tempDir();
    await expect(openStateAdmin({ configFile: join(dir, 'mimicus.yaml') }, { forWrite: true })).rejects.toMatchObject({
      code: 'STATE_DATA_DIR_NOT_FOUND',
      detail: expect.stringContaining(join(dir, '.mimicus')),
    });
    expect(existsSync(join(dir, '.mimicus'))).toBe(false);
  });

  it('reads an empty data directory without creating a database, and creates it for a write', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir);
    const reader = await openStateAdmin({ dataDir }, { forWrite: false });
    expect(await reader.list()).toEqual([]);
    expect(await reader.reset('global')).toBe(0);
    await reader.close();
    expect(existsSync(join(dataDir, 'state.sqlite'))).toBe(false);

    const writer = await openStateAdmin({ dataDir }, { forWrite: true });
    await writer.set('global', 'x', 1);
    await writer.close();
    const again = await openStateAdmin({ dataDir }, { forWrite: false });
    expect(again.file).toBe(join(dataDir, 'state.sqlite'));
    expect(await again.get('global', 'x')).toBe(1);
    await again.close();
  });
});
