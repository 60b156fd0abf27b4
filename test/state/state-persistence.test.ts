import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

async function start(dir: string): Promise<Mimicus> {
  const started = await createMimicus(join(dir, 'mimicus.yaml'), { dataDir: join(dir, 'data') });
  await started.listen(0, '127.0.0.1');
  return started;
}

async function call(path: string, init: RequestInit & { session?: string } = {}): Promise<{ status: number; body: string }> {
  const { session, ...rest } = init;
  const headers = { 'content-type': 'application/json', ...(session ? { 'x-mimicus-session': session } : {}) };
  const res = await fetch(`${mimicus!.url}${path}`, { ...rest, headers });
  return { status: res.status, body: await res.text() };
}

const CONFIG = `
version: 2
state: { scope: session }
workflows:
  - id: journey
    endpoints: [cart, pay, where]
    states:
      initial: browsing
      transitions:
        - { on: cart, from: browsing, to: carted }
        - { on: pay, from: carted, to: paid }
endpoints:
  - id: cart
    method: POST
    path: /cart
    state: { set: { cart: '{{request.body.item}}' }, inc: [adds] }
    response: { status: 201 }
  - { id: pay, method: POST, path: /pay, response: { body: paid } }
  - id: where
    method: GET
    path: /where
    response: { template: true, body: 'browsing cart={{state.get "cart"}} adds={{state.get "adds"}}' }
    responses: { carted: { template: true, body: 'carted cart={{state.get "cart"}} adds={{state.get "adds"}}' }, paid: { body: paid } }
  # A json: value that is one {{…}} renders typed (issue 15): the sequence gives numbers.
  - { id: order, method: POST, path: /orders, response: { status: 201, template: true, json: { id: '{{sequence "orders" start=100 scope="global"}}' } } }
  - { id: notes, path: /notes, crud: { collection: notes, scope: global } }
`;

describe('state across a restart (SQLite data dir)', () => {
  it('keeps variables, sequence counters, workflow states and CRUD items written over HTTP', async () => {
    const dir = writeTempFiles({ 'mimicus.yaml': CONFIG });
    mimicus = await start(dir);
    expect((await call('/cart', { method: 'POST', session: 'u', body: '{"item":"saw"}' })).status).toBe(201);
    expect(await call('/where', { session: 'u' })).toEqual({ status: 200, body: 'carted cart=saw adds=1' });
    expect(await call('/orders', { method: 'POST' })).toEqual({ status: 201, body: '{"id":100}' });
    expect(await call('/orders', { method: 'POST' })).toEqual({ status: 201, body: '{"id":101}' });
    expect(await call('/notes', { method: 'POST', body: '{"text":"remember"}' })).toEqual({ status: 201, body: '{"id":1,"text":"remember"}' });
    await mimicus.close();

    mimicus = await start(dir);
    expect(await call('/where', { session: 'u' })).toEqual({ status: 200, body: 'carted cart=saw adds=1' });
    expect(await call('/orders', { method: 'POST' })).toEqual({ status: 201, body: '{"id":102}' });
    expect(JSON.parse((await call('/notes/1')).body)).toEqual({ id: 1, text: 'remember' });
    expect((await call('/cart', { method: 'POST', session: 'u', body: '{"item":"nails"}' })).status).toBe(201);
    expect(await call('/where', { session: 'u' })).toEqual({ status: 200, body: 'carted cart=nails adds=2' });
    expect(await call('/pay', { method: 'POST', session: 'u' })).toEqual({ status: 200, body: 'paid' });
    await mimicus.close();

    mimicus = await start(dir);
    expect(await call('/where', { session: 'u' })).toEqual({ status: 200, body: 'paid' });
    expect(await call('/where', { session: 'other' })).toEqual({ status: 200, body: 'browsing cart= adds=' });
    // Session-scope sets and increments carry state.sessionTtl, so a session seen no more is purged whole.
    expect(await mimicus.state.list('session:u')).toEqual([
      { scope: 'session:u', kind: 'var', name: 'adds', value: 2, expiresAt: expect.any(String) },
      { scope: 'session:u', kind: 'var', name: 'cart', value: 'nails', expiresAt: expect.any(String) },
      { scope: 'session:u', kind: 'wf', name: 'journey', value: 'paid', expiresAt: expect.any(String) },
    ]);
  });

  it('keeps one collection per session with scope: session, each seeded on first use, across a restart', async () => {
    const dir = writeTempFiles({
      'mimicus.yaml': `
version: 2
endpoints:
  - { id: todos, path: /todos, crud: { collection: todos, seed: seed.json, scope: session } }
`,
      'seed.json': JSON.stringify([{ id: 1, title: 'seeded' }]),
    });
    mimicus = await start(dir);
    const list = async (session: string) => JSON.parse((await call('/todos', { session })).body) as unknown;
    expect(await list('a')).toEqual([{ id: 1, title: 'seeded' }]);
    expect((await call('/todos', { method: 'POST', session: 'a', body: '{"title":"mine"}' })).status).toBe(201);
    expect((await call('/todos/1', { method: 'DELETE', session: 'b' })).status).toBe(204);
    expect(await list('a')).toEqual([
      { id: 1, title: 'seeded' },
      { id: 2, title: 'mine' },
    ]);
    expect(await list('b')).toEqual([]);
    expect(await list('c')).toEqual([{ id: 1, title: 'seeded' }]);
    await mimicus.close();

    mimicus = await start(dir);
    // An emptied session collection stays empty: it is seeded once, not whenever it is empty.
    expect(await list('b')).toEqual([]);
    expect(await list('a')).toEqual([
      { id: 1, title: 'seeded' },
      { id: 2, title: 'mine' },
    ]);
    expect(await list('d')).toEqual([{ id: 1, title: 'seeded' }]);
  });
});
