import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let running: Mimicus[] = [];
afterEach(async () => {
  await Promise.all(running.map((m) => m.close()));
  running = [];
});

async function start(yaml: string, dataDir: string | false = false): Promise<Mimicus> {
  const m = await startMimicus(yaml, { dataDir });
  running.push(m);
  return m;
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'mimicus-journal-'));

const CONFIG = `
version: 2
server: { seed: 3 }
journal: { maxBodySize: 100, redact: { headers: [x-api-key], jsonFields: [password, token] } }
endpoints:
  - { id: hello, method: GET, path: /hello, response: { headers: { content-type: application/json, set-cookie: sid=1 }, body: '{"hello":"world"}' } }
  - { id: login, method: POST, path: /login, response: { headers: { content-type: application/json }, body: '{"token":"abc","user":{"password":"p","name":"n"}}' } }
  - { id: limited, path: /limited, rateLimit: { rate: 1/m, burst: 1 }, response: { body: ok } }
  - { id: broken, path: /broken, errors: [ { rate: 1, status: 503 } ], latency: { fixed: 5ms }, response: { body: ok } }
  - { id: big, path: /big, response: { body: '${'x'.repeat(200)}' } }
  - { id: flaky, path: /flaky, variants: [ { weight: 1, response: { status: 201 } } ] }
  - { id: echo, method: POST, path: /echo, response: { template: true, body: '{{request.bodyText}}' } }
`;

describe('journal entries', () => {
  it('records matched, unmatched, rate-limited and faulted requests with what was applied', async () => {
    const m = await start(CONFIG);
    await fetch(`${m.url}/hello`);
    await fetch(`${m.url}/helo`);
    await fetch(`${m.url}/limited`);
    expect((await fetch(`${m.url}/limited`)).status).toBe(429);
    expect((await fetch(`${m.url}/broken`)).status).toBe(503);
    await fetch(`${m.url}/flaky`);

    const { entries } = await m.journal.list();
    expect(entries.map((e) => `${e.method} ${e.path} ${e.status} ${e.matched}`)).toEqual([
      'GET /flaky 201 true',
      'GET /broken 503 true',
      'GET /limited 429 true',
      'GET /limited 200 true',
      'GET /helo 404 false',
      'GET /hello 200 true',
    ]);
    const [flaky, broken, refused, , unmatched, hello] = entries;
    expect((await m.journal.get(hello!.id))!.applied).toMatchObject({ endpointId: 'hello', delayMs: 0 });
    expect((await m.journal.get(unmatched!.id))!.applied).toMatchObject({ delayMs: 0, nearMisses: expect.any(Number) });
    expect((await m.journal.get(unmatched!.id))!.applied.nearMisses).toBeGreaterThan(0);
    expect((await m.journal.get(refused!.id))!.applied).toMatchObject({ endpointId: 'limited', rateLimited: true });
    const faulted = (await m.journal.get(broken!.id))!;
    expect(faulted.applied).toMatchObject({ endpointId: 'broken', delayMs: 5, fault: 'status:503' });
    expect(faulted.timings.firstByteMs).toBeGreaterThanOrEqual(4);
    expect(faulted.timings.completeMs).toBeGreaterThanOrEqual(faulted.timings.firstByteMs);
    expect((await m.journal.get(flaky!.id))!.applied.variant).toBeDefined();
  });

  it('lists the state writes a request committed', async () => {
    const m = await start(`version: 2
endpoints:
  - { id: login, method: POST, path: /login, state: { scope: session, set: { user: '{{request.query.name}}' }, inc: [logins] }, response: { status: 204 } }
`);
    await fetch(`${m.url}/login?name=ada`, { method: 'POST', headers: { 'x-mimicus-session': 's1' } });
    const [entry] = (await m.journal.list()).entries;
    expect((await m.journal.get(entry!.id))!.applied.stateChanges).toEqual([
      // Session state (counters too) expires an hour after its last write unless state.sessionTtl says otherwise.
      { kind: 'set', key: 'session:s1:var:user', value: 'ada', ttlMs: 3_600_000 },
      { kind: 'increment', key: 'session:s1:var:logins', by: 1, ttlMs: 3_600_000 },
    ]);
  });

  it('lists the CRUD items a request created, patched or deleted, and nothing for a refused write', async () => {
    const m = await start(`version: 2
endpoints:
  - { id: notes, path: /notes, crud: { collection: notes, schema: { type: object, required: [text] } } }
`);
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${m.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect((await send('POST', '/notes', { text: 'a' })).status).toBe(201);
    expect((await send('PATCH', '/notes/1', { done: true })).status).toBe(200);
    expect((await send('POST', '/notes', { nope: 1 })).status).toBe(400);
    expect((await send('DELETE', '/notes/1')).status).toBe(204);
    const entries = [...(await m.journal.list()).entries].reverse();
    const changes = await Promise.all(entries.map(async (entry) => (await m.journal.get(entry.id))!.applied.stateChanges));
    expect(changes).toEqual([
      [{ kind: 'set', key: 'global:crud:notes:1', value: { id: 1, text: 'a' } }],
      [{ kind: 'set', key: 'global:crud:notes:1', value: { id: 1, text: 'a', done: true } }],
      undefined,
      [{ kind: 'delete', key: 'global:crud:notes:1' }],
    ]);
  });

  it('filters by endpoint, method, status, path prefix, matched, session and time, and pages with a cursor', async () => {
    const m = await start(CONFIG);
    const before = Date.now();
    for (let i = 0; i < 5; i++) await fetch(`${m.url}/hello`, { headers: { 'x-mimicus-session': i % 2 === 0 ? 'even' : 'odd' } });
    await fetch(`${m.url}/login`, { method: 'POST', body: '{}' });
    await fetch(`${m.url}/nowhere`);

    expect((await m.journal.list({ endpoint: 'hello' })).entries).toHaveLength(5);
    expect((await m.journal.list({ method: 'post' })).entries.map((e) => e.path)).toEqual(['/login']);
    expect((await m.journal.list({ status: 404 })).entries.map((e) => e.path)).toEqual(['/nowhere']);
    expect((await m.journal.list({ pathPrefix: '/hel' })).entries).toHaveLength(5);
    expect((await m.journal.list({ matched: false })).entries.map((e) => e.path)).toEqual(['/nowhere']);
    expect((await m.journal.list({ session: 'even' })).entries).toHaveLength(3);
    expect((await m.journal.list({ since: before })).entries).toHaveLength(7);
    expect((await m.journal.list({ until: new Date(before - 1) })).entries).toHaveLength(0);

    const first = await m.journal.list({ endpoint: 'hello' }, { limit: 2 });
    const second = await m.journal.list({ endpoint: 'hello' }, { limit: 2, cursor: first.nextCursor! });
    const third = await m.journal.list({ endpoint: 'hello' }, { limit: 2, cursor: second.nextCursor! });
    const ids = [...first.entries, ...second.entries, ...third.entries].map((e) => Number(e.id));
    expect(ids).toHaveLength(5);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
    expect(third.nextCursor).toBeUndefined();

    expect(await m.journal.count({ endpoint: 'hello', session: 'odd' })).toBe(2);
    expect(await m.journal.count()).toBe(7);
    await m.journal.clear();
    expect(await m.journal.count()).toBe(0);
  });

  it('redacts sensitive headers and JSON fields, and truncates bodies at maxBodySize', async () => {
    const m = await start(CONFIG);
    await fetch(`${m.url}/login`, {
      method: 'POST',
      headers: { authorization: 'Bearer secret', cookie: 'a=b', 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ada', password: 'hunter2', nested: [{ token: 't' }] }),
    });
    await fetch(`${m.url}/hello`);
    await fetch(`${m.url}/big`);
    const [big, hello, login] = (await m.journal.list()).entries;

    const entry = (await m.journal.get(login!.id))!;
    expect(entry.request.headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' });
    expect(JSON.parse(entry.request.body!.data)).toEqual({ user: 'ada', password: '[redacted]', nested: [{ token: '[redacted]' }] });
    expect(JSON.parse(entry.response.body!.data)).toEqual({ token: '[redacted]', user: { password: '[redacted]', name: 'n' } });
    expect((await m.journal.get(hello!.id))!.response.headers['set-cookie']).toBe('[redacted]');

    const truncated = (await m.journal.get(big!.id))!.response.body!;
    expect(truncated).toMatchObject({ encoding: 'utf8', data: 'x'.repeat(100), sizeBytes: 200, truncated: true });
  });

  it('keeps only the first maxBodySize bytes of a longer request body, and redacts a cut JSON body as far as it goes', async () => {
    const m = await start(CONFIG);
    const long = { user: 'ada', note: 'n'.repeat(60), password: `hunter2-${'s'.repeat(100)}`, after: 'x' };
    const headers = { 'content-type': 'application/json' };
    // /login answers a prepared body: the engine keeps 100 bytes and drops the rest as it arrives.
    // /echo reads the whole body: the journal cuts it when recording.
    for (const path of ['/login', '/echo']) await (await fetch(`${m.url}${path}`, { method: 'POST', headers, body: JSON.stringify(long) })).text();
    await fetch(`${m.url}/login`, {
      method: 'POST',
      headers,
      body: `{"user": "ada", "note": "${'n'.repeat(40)}", password: "hunter2", "pad": "${'p'.repeat(60)}"}`,
    });
    await fetch(`${m.url}/login`, { method: 'POST', body: 'p'.repeat(300) });
    const [plain, broken, echo, login] = (await m.journal.list()).entries;

    const size = JSON.stringify(long).length;
    for (const id of [login!.id, echo!.id]) {
      const body = (await m.journal.get(id))!.request.body!;
      // Redacted, then cut at maxBodySize like any shown body.
      expect(body).toEqual({ encoding: 'utf8', data: `${JSON.stringify(long).slice(0, 95)}"[redacted]"`.slice(0, 100), sizeBytes: size, truncated: true });
      expect(body.data).not.toContain('hunter2');
    }
    // The echo's templated response is the same text: cut when recorded, redacted the same way.
    expect((await m.journal.get(echo!.id))!.response.body).toEqual((await m.journal.get(echo!.id))!.request.body);
    // Its start cannot be read as JSON (an unquoted key): nothing of it is shown.
    expect((await m.journal.get(broken!.id))!.request.body).toEqual({
      encoding: 'utf8',
      data: '[body of 159 bytes, truncated, not shown because it could not be redacted]',
      sizeBytes: 159,
      truncated: true,
    });
    // Not JSON: its first bytes as they came.
    expect((await m.journal.get(plain!.id))!.request.body).toEqual({ encoding: 'utf8', data: 'p'.repeat(100), sizeBytes: 300, truncated: true });
  });

  it('keeps only the newest `size` entries in memory', async () => {
    const m = await start(`
version: 2
journal: { size: 3, persist: false }
endpoints: [ { id: hello, path: /hello, response: { body: hi } } ]
`);
    for (let i = 0; i < 5; i++) await fetch(`${m.url}/hello?i=${i}`);
    const { entries, nextCursor } = await m.journal.list();
    expect(entries).toHaveLength(3);
    expect(nextCursor).toBeUndefined();
    expect((await m.journal.get(entries[0]!.id))!.url).toBe('/hello?i=4');
    expect(await m.journal.get(String(Number(entries[2]!.id) - 1))).toBeUndefined();
  });

  it('records nothing with journal: false', async () => {
    const m = await start(`
version: 2
journal: false
endpoints: [ { id: hello, path: /hello, response: { body: hi } } ]
`);
    await fetch(`${m.url}/hello`);
    expect(await m.journal.count()).toBe(0);
    expect((await m.journal.list()).entries).toEqual([]);
  });
});

describe('journal persistence', () => {
  const PERSISTED = (extra: string) => `
version: 2
journal: { size: 2, persist: true${extra} }
endpoints: [ { id: hello, path: /hello, response: { body: hi } } ]
`;

  it('keeps entries across a restart, and pages past the ring into SQLite', async () => {
    const dir = tempDir();
    const first = await start(PERSISTED(''), dir);
    for (let i = 0; i < 4; i++) await fetch(`${first.url}/hello?i=${i}`);
    await first.close();
    running = [];

    const second = await start(PERSISTED(''), dir);
    await fetch(`${second.url}/hello?i=4`);
    const { entries } = await second.journal.list({}, { limit: 10 });
    expect(entries).toHaveLength(5);
    const urls = await Promise.all(entries.map(async (e) => (await second.journal.get(e.id))!.url));
    expect(urls).toEqual([4, 3, 2, 1, 0].map((i) => `/hello?i=${i}`));
    expect(await second.journal.count({ endpoint: 'hello' })).toBe(5);

    const page1 = await second.journal.list({}, { limit: 3 });
    const page2 = await second.journal.list({}, { limit: 3, cursor: page1.nextCursor! });
    expect([...page1.entries, ...page2.entries].map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(page2.nextCursor).toBeUndefined();
  });

  it('applies retention by count', async () => {
    const dir = tempDir();
    const first = await start(PERSISTED(', retention: { count: 3 }'), dir);
    for (let i = 0; i < 6; i++) await fetch(`${first.url}/hello?i=${i}`);
    await first.close();
    running = [];
    const second = await start(PERSISTED(', retention: { count: 3 }'), dir);
    const { entries } = await second.journal.list();
    expect(entries).toHaveLength(3);
    expect((await second.journal.get(entries[2]!.id))!.url).toBe('/hello?i=3');
  });

  it('keeps the same journal across a config reload', async () => {
    const m = await start(PERSISTED(''), tempDir());
    await fetch(`${m.url}/hello`);
    await m.reload({ version: 2, endpoints: [{ id: 'other', path: '/other', response: { body: 'o' } }] } as never);
    await fetch(`${m.url}/other`);
    expect((await m.journal.list()).entries.map((e) => e.endpointId)).toEqual(['other', 'hello']);
  });
});
