import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const text = async (path: string, init: RequestInit = {}): Promise<string> => {
  const res = await fetch(`${mimicus!.url}${path}`, init);
  expect(res.status).toBe(200);
  return res.text();
};
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  text(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('state helpers in templates', () => {
  it('sets, reads, increments and deletes a variable across requests', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: set-user, method: POST, path: /user, response: { template: true, body: 'saved{{state.set "user" request.body.name}}' } }
  - { id: get-user, method: GET, path: /user, response: { template: true, body: 'user={{state.get "user"}}' } }
  - { id: del-user, method: DELETE, path: /user, response: { template: true, body: 'gone{{state.delete "user"}}' } }
  - { id: visit, path: /visit, response: { template: true, body: '{{state.inc "visits"}}' } }
  - { id: visits, path: /visits, response: { template: true, body: 'visits={{state.get "visits"}}' } }
`,
      { dataDir: false },
    );
    expect(await text('/user')).toBe('user=');
    expect(await post('/user', { name: 'Ada' })).toBe('saved');
    expect(await text('/user')).toBe('user=Ada');
    expect(await mimicus.state.get('global', 'user')).toBe('Ada');
    // Setting an absent request field removes the key.
    expect(await post('/user', { other: 1 })).toBe('saved');
    expect(await mimicus.state.get('global', 'user')).toBeUndefined();
    expect(await post('/user', { name: 'Ada' })).toBe('saved');
    expect(await text('/user', { method: 'DELETE' })).toBe('gone');
    expect(await text('/user')).toBe('user=');
    expect(await mimicus.state.get('global', 'user')).toBeUndefined();

    expect([await text('/visit'), await text('/visit'), await text('/visit')]).toEqual(['1', '2', '3']);
    expect(await text('/visits')).toBe('visits=3');
    expect(await mimicus.state.get('global', 'visits')).toBe(3);
  });

  it('increments by= an amount, and reads a value it wrote within the same render', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: credit, path: /credit, response: { template: true, body: '{{state.inc "credit" by=5}}' } }
  - { id: debit, path: /debit, response: { template: true, body: '{{state.inc "credit" by=-2}}' } }
  - id: twice
    path: /twice
    response: { template: true, body: '{{state.inc "n"}},{{state.inc "n" 10}},{{state.get "n"}}|{{state.set "k" "v"}}{{state.get "k"}}' }
`,
      { dataDir: false },
    );
    expect(await text('/credit')).toBe('5');
    expect(await text('/credit')).toBe('10');
    expect(await text('/debit')).toBe('8');
    expect(await text('/twice')).toBe('1,11,11|v');
    expect(await text('/twice')).toBe('12,22,22|v');
    expect(await mimicus.state.get('global', 'n')).toBe(22);
  });

  it("writes to the scope named by scope=, whatever the endpoint's scope", async () => {
    mimicus = await startMimicus(
      `
version: 2
state: { scope: session }
endpoints:
  - id: both
    method: POST
    path: /both
    response:
      template: true
      body: '{{state.set "who" request.body.name}}{{state.set "last" request.body.name scope="global"}}ok'
  - id: read
    path: /read
    response: { template: true, body: '{{state.get "who"}}/{{state.get "last" scope="global"}}/{{state.get "who" scope="global"}}' }
  - id: hits
    path: /hits
    state: { scope: endpoint }
    response: { template: true, body: '{{state.inc "n"}}/{{state.inc "n" scope="session"}}' }
`,
      { dataDir: false },
    );
    const s = (id: string) => ({ 'x-mimicus-session': id });
    expect(await post('/both', { name: 'Ada' }, s('a'))).toBe('ok');
    expect(await post('/both', { name: 'Linus' }, s('b'))).toBe('ok');
    expect(await text('/read', { headers: s('a') })).toBe('Ada/Linus/');
    expect(await text('/read', { headers: s('b') })).toBe('Linus/Linus/');
    expect(await text('/read', { headers: s('c') })).toBe('/Linus/');

    expect(await text('/hits', { headers: s('a') })).toBe('1/1');
    expect(await text('/hits', { headers: s('b') })).toBe('2/1');
    expect(await text('/hits', { headers: s('a') })).toBe('3/2');
    expect(await mimicus.state.get('endpoint:hits', 'n')).toBe(3);
    expect(await mimicus.state.get('session:a', 'n')).toBe(2);
    expect(await mimicus.state.get('session:a', 'who')).toBe('Ada');
    expect(await mimicus.state.get('global', 'last')).toBe('Linus');
  });

  it('loops over a list kept in state and branches on a value', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - id: cart
    method: GET
    path: /cart
    response:
      template: true
      body: '{{#if (state.get "items")}}{{#each (state.get "items")}}[{{@index}}:{{this.name}}x{{this.qty}}]{{/each}}{{else}}empty{{/if}}'
  - id: fill
    method: POST
    path: /cart
    response: { template: true, body: '{{state.set "items" request.body}}{{json (state.get "items")}}' }
`,
      { dataDir: false },
    );
    expect(await text('/cart')).toBe('empty');
    const items = [
      { name: 'saw', qty: 1 },
      { name: 'nails', qty: 100 },
    ];
    expect(await post('/cart', items)).toBe(JSON.stringify(items));
    expect(await text('/cart')).toBe('[0:sawx1][1:nailsx100]');
    expect(await mimicus.state.get('global', 'items')).toEqual(items);
  });

  it('numbers a sequence from start=, and keeps separate counters by name', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: order, method: POST, path: /orders, response: { template: true, json: { id: '{{sequence "orders" start=1000}}' } } }
  - { id: invoice, method: POST, path: /invoices, response: { template: true, body: '{{sequence "invoices"}}' } }
`,
      { dataDir: false },
    );
    const order = async () => (await fetch(`${mimicus!.url}/orders`, { method: 'POST' })).json();
    expect(await order()).toEqual({ id: 1000 });
    expect(await order()).toEqual({ id: 1001 });
    expect(await text('/invoices', { method: 'POST' })).toBe('1');
    expect(await order()).toEqual({ id: 1002 });
    expect(await text('/invoices', { method: 'POST' })).toBe('2');
  });

  it('gives 1,000 concurrent requests 1,000 distinct sequence values on SQLite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mimicus-state-seq-'));
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: order, method: POST, path: /orders, response: { status: 201, template: true, body: '{{sequence "orders"}}' } }
`,
      { dataDir },
    );
    // Node's fetch (undici's default pool) keeps connections alive and opens as many as are needed.
    const values = await Promise.all(
      Array.from({ length: 1000 }, async () => {
        const res = await fetch(`${mimicus!.url}/orders`, { method: 'POST' });
        expect(res.status).toBe(201);
        return Number(await res.text());
      }),
    );
    expect(new Set(values).size).toBe(1000);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(await mimicus.state.list('global', { kind: 'seq' })).toEqual([{ scope: 'global', kind: 'seq', name: 'orders', value: 1000 }]);
  });
});
