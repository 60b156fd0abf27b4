import { describe, expect, it } from 'vitest';
import type { CrudSpec, PreparedResponse } from '../../plan/index.js';
import { createMemoryStateStore, type StateStore } from '../../state/index.js';
import { handleCrud } from './handle-crud.js';
import { headersOf, requestFor, specFor } from './request-for-tests.js';

const PREFIX = 'global:crud:users:';
const BASE = '/api/users';

function setup(spec: CrudSpec = specFor()) {
  const store = createMemoryStateStore();
  const call = (method: string, target: string, body?: unknown): Promise<PreparedResponse> => {
    const [path = ''] = target.split('?');
    const rest = path.slice(BASE.length).replace(/^\//, '');
    return handleCrud(spec, requestFor(method, target, body), rest, store, PREFIX);
  };
  return { store, call };
}

function json(response: PreparedResponse): unknown {
  return JSON.parse(String(response.body));
}

function ids(response: PreparedResponse): unknown[] {
  return (json(response) as { id: unknown }[]).map(({ id }) => id);
}

async function fill(store: StateStore, items: Record<string, unknown>[]): Promise<void> {
  for (const item of items) await store.set(`${PREFIX}${String(item['id'])}`, item);
}

describe('handleCrud', () => {
  it('creates, reads, lists, patches, replaces and deletes an item', async () => {
    const { call } = setup();
    const created = await call('POST', BASE, { name: 'Ada', role: 'admin' });
    expect(created.status).toBe(201);
    expect(json(created)).toEqual({ id: 1, name: 'Ada', role: 'admin' });
    expect(headersOf(created.headers)).toMatchObject({ 'content-type': 'application/json', location: '/api/users/1' });

    expect(json(await call('GET', `${BASE}/1`))).toEqual({ id: 1, name: 'Ada', role: 'admin' });
    const list = await call('GET', BASE);
    expect(json(list)).toEqual([{ id: 1, name: 'Ada', role: 'admin' }]);
    expect(headersOf(list.headers)['x-total-count']).toBe('1');

    const patched = await call('PATCH', `${BASE}/1`, { role: null, email: 'ada@example.com' });
    expect(patched.status).toBe(200);
    expect(json(patched)).toEqual({ id: 1, name: 'Ada', email: 'ada@example.com' });

    const replaced = await call('PUT', `${BASE}/1`, { id: 99, name: 'Ada Lovelace' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toBe('{"id":1,"name":"Ada Lovelace"}'); // the id first, as on create
    expect(json(await call('GET', `${BASE}/1`))).toEqual({ id: 1, name: 'Ada Lovelace' });

    const deleted = await call('DELETE', `${BASE}/1`);
    expect(deleted).toEqual({ status: 204, headers: ['content-length', '0'], body: '' });
    expect((await call('GET', `${BASE}/1`)).status).toBe(404);
    expect(json(await call('GET', BASE))).toEqual([]);
  });

  it('sets content-length to the byte length of the body', async () => {
    const { call } = setup();
    const created = await call('POST', BASE, { name: 'Zoë 😀' });
    expect(headersOf(created.headers)['content-length']).toBe(String(Buffer.byteLength(String(created.body))));
    const missing = await call('GET', `${BASE}/nope`);
    expect(headersOf(missing.headers)['content-length']).toBe(String(Buffer.byteLength(String(missing.body))));
  });

  describe('nested under a parent (named path parameters of the base path)', () => {
    const ORDERS = 'global:crud:orders:';
    const store = createMemoryStateStore();
    const spec = specFor({ collection: 'orders' });
    // As the engine calls it for /api/users/{userId}/orders (the rest of the path is the id).
    const call = (method: string, userId: string, rest = '', body?: unknown, query = ''): Promise<PreparedResponse> =>
      handleCrud(spec, requestFor(method, `/api/users/${userId}/orders${rest ? `/${rest}` : ''}${query}`, body, { userId, '*': rest }), rest, store, ORDERS);

    it('creates items with the parent field from the path, the path winning over the body', async () => {
      const created = await call('POST', '7', '', { item: 'saw', userId: 99 });
      expect(created.status).toBe(201);
      expect(json(created)).toEqual({ id: 1, item: 'saw', userId: 7 });
      expect(headersOf(created.headers).location).toBe('/api/users/7/orders/1');
      expect(json(await call('POST', 'ann', '', { item: 'rake' }))).toEqual({ id: 2, item: 'rake', userId: 'ann' });
      await call('POST', '7', '', { item: 'hammer' });
    });

    it("lists only the parent's items, with filters applied within them", async () => {
      const list = await call('GET', '7');
      expect(ids(list)).toEqual([1, 3]);
      expect(headersOf(list.headers)['x-total-count']).toBe('2');
      expect(ids(await call('GET', '7', '', undefined, '?item=hammer'))).toEqual([3]);
      expect(ids(await call('GET', 'ann', '', undefined, '?item=hammer'))).toEqual([]);
      expect(ids(await call('GET', 'ann'))).toEqual([2]);
      expect(json(await call('GET', '8'))).toEqual([]);
    });

    it('reads, replaces, patches and deletes an item only through its own parent', async () => {
      expect(json(await call('GET', '7', '1'))).toEqual({ id: 1, item: 'saw', userId: 7 });
      expect((await call('GET', '8', '1')).status).toBe(404);
      expect((await call('PUT', '8', '1', { item: 'x' })).status).toBe(404);
      expect((await call('PATCH', '8', '1', { item: 'x' })).status).toBe(404);
      expect((await call('DELETE', '8', '1')).status).toBe(404);

      const replaced = await call('PUT', '7', '1', { item: 'chisel' });
      expect(replaced.body).toBe('{"id":1,"item":"chisel","userId":7}');
      expect(json(await call('PATCH', '7', '1', { userId: 8, qty: 2 }))).toEqual({ id: 1, item: 'chisel', userId: 7, qty: 2 });
      expect((await call('DELETE', '7', '1')).status).toBe(204);
      expect(ids(await call('GET', '7'))).toEqual([3]);
    });
  });

  describe('listing', () => {
    const people = [
      { id: 10, name: 'carol', role: 'admin', age: 41, address: { city: 'Oslo' } },
      { id: 2, name: 'alice', role: 'user', age: 30, address: { city: 'Rome' } },
      { id: 1, name: 'Bob', role: 'admin', age: 9, address: { city: 'Oslo' } },
      { id: 3, name: 'dave', role: 'guest', address: { city: 'Lima' } },
    ];

    it('orders by id, numeric ids numerically', async () => {
      const { store, call } = setup();
      await fill(store, people);
      expect(ids(await call('GET', BASE))).toEqual([1, 2, 3, 10]);
    });

    it('filters by field equality, a repeated parameter meaning any of its values', async () => {
      const { store, call } = setup();
      await fill(store, people);
      expect(ids(await call('GET', `${BASE}?role=admin`))).toEqual([1, 10]);
      expect(ids(await call('GET', `${BASE}?role=admin&role=guest`))).toEqual([1, 3, 10]);
      expect(ids(await call('GET', `${BASE}?age=30`))).toEqual([2]);
      expect(ids(await call('GET', `${BASE}?role=admin&age=41`))).toEqual([10]);
      expect(ids(await call('GET', `${BASE}?address.city=Oslo`))).toEqual([1, 10]);
      const none = await call('GET', `${BASE}?role=owner`);
      expect(json(none)).toEqual([]);
      expect(headersOf(none.headers)['x-total-count']).toBe('0');
    });

    it('filters with json-server operators: _gte, _lte, _ne, _like and q', async () => {
      const { store, call } = setup();
      await fill(store, people);
      expect(ids(await call('GET', `${BASE}?age_gte=30`))).toEqual([2, 10]);
      expect(ids(await call('GET', `${BASE}?age_gte=10&age_lte=40`))).toEqual([2]);
      expect(ids(await call('GET', `${BASE}?role_ne=admin`))).toEqual([2, 3]);
      expect(ids(await call('GET', `${BASE}?role_ne=admin&role_ne=guest`))).toEqual([2]);
      expect(ids(await call('GET', `${BASE}?name_like=^b`))).toEqual([1]); // case-insensitive
      expect(ids(await call('GET', `${BASE}?address.city_like=o$`))).toEqual([1, 10]);
      expect(ids(await call('GET', `${BASE}?name_gte=b`))).toEqual([3, 10]); // text compares as text ('Bob' < 'b')
      expect(ids(await call('GET', `${BASE}?q=LIMA`))).toEqual([3]); // nested values too
      expect(ids(await call('GET', `${BASE}?q=4`))).toEqual([10]); // numbers as text
      expect(ids(await call('GET', `${BASE}?q=o&role=admin`))).toEqual([1, 10]);
    });

    it('answers 400 naming a _like parameter that is not a regular expression', async () => {
      const { store, call } = setup();
      await fill(store, people);
      const refused = await call('GET', `${BASE}?name_like=(`);
      expect(refused.status).toBe(400);
      expect(json(refused)).toMatchObject({ code: 'CRUD_QUERY_INVALID', parameter: 'name_like' });
      expect((json(refused) as { detail: string }).detail).toContain('query parameter name_like: not a usable pattern');
    });

    it('sorts numbers numerically and strings by locale, missing values last', async () => {
      const { store, call } = setup();
      await fill(store, people);
      expect(ids(await call('GET', `${BASE}?_sort=age`))).toEqual([1, 2, 10, 3]);
      expect(ids(await call('GET', `${BASE}?_sort=age&_order=desc`))).toEqual([10, 2, 1, 3]);
      expect(ids(await call('GET', `${BASE}?_sort=name`))).toEqual([2, 1, 10, 3]);
      expect(ids(await call('GET', `${BASE}?_sort=-name`))).toEqual([3, 10, 1, 2]);
      expect(ids(await call('GET', `${BASE}?_sort=role&role=admin&role=user`))).toEqual([1, 10, 2]);
    });

    it('sorts by several fields, each with its own order', async () => {
      const { store, call } = setup();
      await fill(store, people);
      expect(ids(await call('GET', `${BASE}?_sort=role,age`))).toEqual([1, 10, 3, 2]);
      expect(ids(await call('GET', `${BASE}?_sort=role,age&_order=asc,desc`))).toEqual([10, 1, 3, 2]);
      expect(ids(await call('GET', `${BASE}?_sort=role,-age`))).toEqual([10, 1, 3, 2]);
    });

    it('slices by position with _start and _end or _limit, counting every match', async () => {
      const { store, call } = setup();
      await fill(
        store,
        Array.from({ length: 25 }, (_, i) => ({ id: i + 1 })),
      );
      const slice = await call('GET', `${BASE}?_start=5&_end=8`);
      expect(ids(slice)).toEqual([6, 7, 8]);
      expect(headersOf(slice.headers)['x-total-count']).toBe('25');
      expect(headersOf(slice.headers)).not.toHaveProperty('link');
      expect(ids(await call('GET', `${BASE}?_start=20&_limit=3`))).toEqual([21, 22, 23]);
      expect(ids(await call('GET', `${BASE}?_start=23`))).toEqual([24, 25]);
      expect(ids(await call('GET', `${BASE}?_start=0&_end=2`))).toEqual([1, 2]);
    });

    it('paginates with X-Total-Count and first/prev/next/last links', async () => {
      const { store, call } = setup();
      await fill(
        store,
        Array.from({ length: 25 }, (_, i) => ({ id: i + 1, kind: i % 5 === 0 ? 'x' : 'y' })),
      );

      const middle = await call('GET', `${BASE}?_page=2&_limit=10`);
      expect(ids(middle)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      expect(headersOf(middle.headers)).toMatchObject({
        'x-total-count': '25',
        link:
          '</api/users?_page=1&_limit=10>; rel="first", </api/users?_page=1&_limit=10>; rel="prev", ' +
          '</api/users?_page=3&_limit=10>; rel="next", </api/users?_page=3&_limit=10>; rel="last"',
      });

      const first = await call('GET', `${BASE}?kind=y&_limit=5&_page=1`);
      expect(ids(first)).toEqual([2, 3, 4, 5, 7]);
      expect(headersOf(first.headers)).toMatchObject({
        'x-total-count': '20',
        link:
          '</api/users?kind=y&_limit=5&_page=1>; rel="first", </api/users?kind=y&_limit=5&_page=2>; rel="next", ' +
          '</api/users?kind=y&_limit=5&_page=4>; rel="last"',
      });

      const last = await call('GET', `${BASE}?_page=3&_limit=10`);
      expect(ids(last)).toEqual([21, 22, 23, 24, 25]);
      expect(headersOf(last.headers).link).not.toContain('rel="next"');

      const beyond = await call('GET', `${BASE}?_page=9&_limit=10`);
      expect(json(beyond)).toEqual([]);
      expect(headersOf(beyond.headers).link).toContain('</api/users?_page=3&_limit=10>; rel="prev"');

      expect(ids(await call('GET', `${BASE}?_page=2`))).toHaveLength(10);
      expect(ids(await call('GET', `${BASE}?_limit=3`))).toEqual([1, 2, 3]);
      expect(headersOf((await call('GET', BASE)).headers)).not.toHaveProperty('link');
    });

    it('treats HEAD like GET', async () => {
      const { store, call } = setup();
      await fill(store, people);
      expect(headersOf((await call('HEAD', BASE)).headers)['x-total-count']).toBe('4');
      expect((await call('HEAD', `${BASE}/3`)).status).toBe(200);
    });
  });

  describe('refusals', () => {
    it('answers 404 problem+json for a missing item and for a deeper path', async () => {
      const { call } = setup();
      for (const [method, body] of [['GET'], ['PUT', { a: 1 }], ['PATCH', { a: 1 }], ['DELETE']] as const) {
        const response = await call(method, `${BASE}/42`, body);
        expect(response.status).toBe(404);
        expect(headersOf(response.headers)).toMatchObject({ 'content-type': 'application/problem+json' });
        expect(headersOf(response.headers)).not.toHaveProperty('x-mimicus-error');
        expect(json(response)).toMatchObject({ status: 404, code: 'CRUD_ITEM_NOT_FOUND', collection: 'users', id: '42' });
      }
      expect((await call('POST', BASE, { id: 1 })).status).toBe(201);
      expect(json(await call('GET', `${BASE}/1/posts`))).toMatchObject({ code: 'CRUD_ITEM_NOT_FOUND' });
    });

    it('answers 409 when a POST carries an id that exists, and keeps the existing item', async () => {
      const { call } = setup();
      await call('POST', BASE, { id: 'ada', name: 'Ada' });
      const conflict = await call('POST', BASE, { id: 'ada', name: 'Other' });
      expect(conflict.status).toBe(409);
      expect(json(conflict)).toMatchObject({ code: 'CRUD_ITEM_CONFLICT', id: 'ada' });
      expect(json(await call('GET', `${BASE}/ada`))).toEqual({ id: 'ada', name: 'Ada' });
    });

    it('answers 400 for a body that is not a JSON object, or an id that cannot be a key', async () => {
      const { call } = setup();
      for (const body of ['not json', [1, 2], 42, undefined, { id: { a: 1 } }, { id: '' }, { id: 'a/b' }]) {
        const response = await call('POST', BASE, body);
        expect(response.status).toBe(400);
        expect(json(response)).toMatchObject({ code: 'CRUD_BODY_INVALID' });
      }
      await call('POST', BASE, { id: 5 });
      expect((await call('PUT', `${BASE}/5`, [1])).status).toBe(400);
      expect((await call('PATCH', `${BASE}/5`, 'null')).status).toBe(400);
      expect(json(await call('GET', BASE))).toEqual([{ id: 5 }]);
    });

    it('answers 400 listing every validation failure, and writes nothing', async () => {
      const validate: CrudSpec['validate'] = (item) => {
        const errors: { path: string; message: string }[] = [];
        const record = item as Record<string, unknown>;
        if (typeof record['name'] !== 'string') errors.push({ path: '/name', message: 'must be string' });
        if (typeof record['age'] !== 'number') errors.push({ path: '/age', message: 'must be number' });
        return errors.length === 0 ? { ok: true } : { ok: false, errors };
      };
      const { call } = setup(specFor({ validate }));

      const refused = await call('POST', BASE, { nickname: 'x' });
      expect(refused.status).toBe(400);
      expect(json(refused)).toMatchObject({
        code: 'CRUD_BODY_INVALID',
        errors: [
          { path: '/name', message: 'must be string' },
          { path: '/age', message: 'must be number' },
        ],
      });
      expect(json(await call('GET', BASE))).toEqual([]);

      expect((await call('POST', BASE, { name: 'Ada', age: 36 })).status).toBe(201);
      expect(json(await call('PATCH', `${BASE}/1`, { age: null }))).toMatchObject({ errors: [{ path: '/age' }] });
      expect(json(await call('PUT', `${BASE}/1`, { age: 37 }))).toMatchObject({ errors: [{ path: '/name' }] });
      expect(json(await call('GET', `${BASE}/1`))).toEqual({ id: 1, name: 'Ada', age: 36 });
    });

    it('answers 405 with Allow for other methods and for DELETE of the collection', async () => {
      const { call } = setup();
      const onCollection = await call('DELETE', BASE);
      expect(onCollection.status).toBe(405);
      expect(headersOf(onCollection.headers).allow).toBe('GET, HEAD, POST');
      expect(json(onCollection)).toMatchObject({ code: 'CRUD_METHOD_NOT_ALLOWED' });
      const onItem = await call('POST', `${BASE}/1`, {});
      expect(onItem.status).toBe(405);
      expect(headersOf(onItem.headers).allow).toBe('GET, HEAD, PUT, PATCH, DELETE');
      expect((await call('PUT', BASE, {})).status).toBe(405);
    });
  });

  describe('merge-patch', () => {
    it('merges nested objects, deletes null members, replaces arrays, and never changes the id', async () => {
      const { call } = setup();
      await call('POST', BASE, { id: 7, profile: { city: 'Oslo', zip: '0150', tags: ['a', 'b'] }, nick: 'x' });
      const patched = await call('PATCH', `${BASE}/7`, { id: 8, profile: { zip: null, tags: ['c'], country: 'NO' }, nick: null });
      expect(json(patched)).toEqual({ id: 7, profile: { city: 'Oslo', tags: ['c'], country: 'NO' } });
      expect(json(await call('PATCH', `${BASE}/7`, { id: null }))).toMatchObject({ id: 7 });
      expect((await call('GET', `${BASE}/8`)).status).toBe(404);
    });
  });

  describe('ids', () => {
    it('generates the next number after the largest numeric id', async () => {
      const { call } = setup();
      await call('POST', BASE, { id: 41 });
      expect(json(await call('POST', BASE, {}))).toEqual({ id: 42 });
      expect(json(await call('POST', BASE, { id: '100' }))).toEqual({ id: '100' });
      expect(json(await call('POST', BASE, {}))).toEqual({ id: 101 });
    });

    it('generates uuids once the collection has non-numeric ids', async () => {
      const { call } = setup();
      await call('POST', BASE, { id: 'ada' });
      const created = await call('POST', BASE, { name: 'x' });
      const { id } = json(created) as { id: string };
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(headersOf(created.headers).location).toBe(`/api/users/${id}`);
      expect(json(await call('GET', `${BASE}/${id}`))).toEqual({ id, name: 'x' });
    });

    it('keeps the sequence counter outside the item keyspace', async () => {
      const { store, call } = setup();
      await call('POST', BASE, {});
      expect(await store.get('global:crud:users#seq')).toBe(1);
      expect((await store.list(PREFIX)).map(({ key }) => key)).toEqual([`${PREFIX}1`]);
    });

    it('hands out unique numeric ids to 200 concurrent POSTs', async () => {
      const { call } = setup();
      await call('POST', BASE, { id: 5 });
      const responses = await Promise.all(Array.from({ length: 200 }, (_, n) => call('POST', BASE, { n })));
      expect(responses.every(({ status }) => status === 201)).toBe(true);
      const created = responses.map((response) => (json(response) as { id: number }).id);
      expect(created.every((id) => Number.isInteger(id) && id > 5)).toBe(true);
      expect(new Set(created).size).toBe(200);
      expect(headersOf((await call('GET', BASE)).headers)['x-total-count']).toBe('201');
    });

    it('uses the configured keyField and percent-decodes the path id', async () => {
      const { call } = setup(specFor({ keyField: 'slug' }));
      const created = await call('POST', BASE, { slug: 'hello world', title: 'Hi' });
      expect(headersOf(created.headers).location).toBe('/api/users/hello%20world');
      expect(json(await call('GET', `${BASE}/hello%20world`))).toEqual({ slug: 'hello world', title: 'Hi' });
      expect(json(await call('POST', BASE, { title: 'numbered' }))).toMatchObject({ slug: expect.any(String) });
    });
  });
});
