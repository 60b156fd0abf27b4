import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const CONFIG = `version: 2
endpoints:
  - { id: list-users, method: GET, path: /users, response: { status: 200, body: '[]' } }
  - { id: create-user, method: POST, path: /users, response: { status: 201, body: '{"id":1}' } }
  - { id: health, method: GET, path: /health, response: { status: 204 } }
`;

type Summary = { id: string; method: string; path: string; status: number; matched: boolean; endpointId?: string };
type Page = { items: Summary[]; nextCursor?: string };

/** Sends data-plane requests, then waits until the journal holds them all (it records after the response). */
async function traffic(harness: AdminHarness): Promise<void> {
  await fetch(`${harness.url}/users`);
  await fetch(`${harness.url}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"ada"}' });
  await fetch(`${harness.url}/users?page=2`);
  await fetch(`${harness.url}/health`);
  await fetch(`${harness.url}/nowhere`);
  await expect.poll(() => harness.journal.count()).toBe(5);
}

const list = async (harness: AdminHarness, query = ''): Promise<Page> => (await (await harness.api(`/api/requests${query}`)).json()) as Page;

describe('admin API: request journal', () => {
  it('lists requests newest first, filtered by endpoint, method, status, path prefix and matched', async () => {
    mimicus = await startWithAdmin(CONFIG);
    await traffic(mimicus);
    const all = await list(mimicus);
    expect(all.items.map((item) => `${item.method} ${item.path} ${item.status}`)).toEqual([
      'GET /nowhere 404',
      'GET /health 204',
      'GET /users 200',
      'POST /users 201',
      'GET /users 200',
    ]);
    expect(all.nextCursor).toBeUndefined();
    expect((await list(mimicus, '?endpoint=list-users')).items).toHaveLength(2);
    expect((await list(mimicus, '?method=post')).items.map((item) => item.endpointId)).toEqual(['create-user']);
    expect((await list(mimicus, '?status=204')).items.map((item) => item.path)).toEqual(['/health']);
    expect((await list(mimicus, '?pathPrefix=/us')).items).toHaveLength(3);
    expect((await list(mimicus, '?matched=false')).items.map((item) => item.path)).toEqual(['/nowhere']);
    expect((await list(mimicus, '?matched=true')).items).toHaveLength(4);
  });

  it('filters by time, ISO or epoch milliseconds', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const before = Date.now() - 1;
    await traffic(mimicus);
    expect((await list(mimicus, `?since=${before}`)).items).toHaveLength(5);
    expect((await list(mimicus, `?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items).toHaveLength(0);
    expect((await list(mimicus, `?until=${before}`)).items).toHaveLength(0);
    await expectProblem(await mimicus.api('/api/requests?since=yesterday'), 400, 'ADMIN_REQUEST_INVALID');
  });

  it('pages with a cursor and refuses a cursor it did not hand out', async () => {
    mimicus = await startWithAdmin(CONFIG);
    await traffic(mimicus);
    const first = await list(mimicus, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(mimicus, `?limit=2&cursor=${first.nextCursor!}`);
    const third = await list(mimicus, `?limit=2&cursor=${second.nextCursor!}`);
    const paged = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(paged).toEqual((await list(mimicus)).items.map((item) => item.id));
    expect(third.nextCursor).toBeUndefined();
    await expectProblem(await mimicus.api('/api/requests?cursor=not-a-cursor'), 400, 'JOURNAL_CURSOR_INVALID');
    await expectProblem(await mimicus.api('/api/requests?limit=0'), 400, 'ADMIN_REQUEST_INVALID');
  });

  it('gets one request with what was applied and exchanged, and 404s an unknown id', async () => {
    mimicus = await startWithAdmin(CONFIG);
    await traffic(mimicus);
    const [post] = (await list(mimicus, '?method=POST')).items;
    const response = await mimicus.api(`/api/requests/${post!.id}`);
    expect(response.status).toBe(200);
    const entry = (await response.json()) as Record<string, unknown>;
    expect(entry).toMatchObject({
      id: post!.id,
      method: 'POST',
      path: '/users',
      status: 201,
      matched: true,
      endpointId: 'create-user',
      applied: { endpointId: 'create-user', delayMs: 0 },
      request: { body: { encoding: 'utf8', data: '{"name":"ada"}' } },
      response: { body: { encoding: 'utf8', data: '{"id":1}' } },
    });
    expect(entry.timings).toMatchObject({ arrivedAt: expect.any(String), firstByteMs: expect.any(Number) });
    await expectProblem(await mimicus.api('/api/requests/nope'), 404, 'JOURNAL_ENTRY_NOT_FOUND');
  });

  it('counts requests matching a predicate (verification) and clears the journal', async () => {
    mimicus = await startWithAdmin(CONFIG);
    await traffic(mimicus);
    const count = async (json: unknown) => (await (await mimicus!.api('/api/requests/count', { method: 'POST', json })).json()) as { count: number };
    expect(await count({})).toMatchObject({ count: 5 });
    expect(await count({ endpoint: 'list-users' })).toMatchObject({ count: 2 });
    expect(await count({ method: 'GET', pathPrefix: '/users' })).toMatchObject({ count: 2 });
    expect(await count({ matched: false })).toMatchObject({ count: 1 });
    expect(await count({ status: 201, since: new Date(Date.now() - 60_000).toISOString() })).toMatchObject({ count: 1 });
    await expectProblem(await mimicus.api('/api/requests/count', { method: 'POST', json: { status: 'many' } }), 400, 'ADMIN_REQUEST_INVALID');

    expect((await mimicus.api('/api/requests', { method: 'DELETE' })).status).toBe(204);
    expect(await list(mimicus)).toEqual({ items: [], dropped: 0 });
    expect(await count({})).toMatchObject({ count: 0 });
  });
});
