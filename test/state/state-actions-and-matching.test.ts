import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus, writeTempFiles } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(`${mimicus!.url}${path}`, init);
  return { status: res.status, body: await res.text() };
}
const session = (id: string): RequestInit => ({ headers: { 'x-mimicus-session': id } });

const LOGIN = `
version: 2
state: { scope: session }
endpoints:
  - id: login
    method: POST
    path: /login
    state: { set: { loggedIn: true, user: '{{request.body.name}}' }, inc: { logins: 1, points: 10 } }
    response: { status: 204 }
  - id: logout
    method: POST
    path: /logout
    state: { delete: [loggedIn, user] }
    response: { status: 204 }
  - id: me-anonymous
    method: GET
    path: /me
    response: { status: 401, body: anonymous }
  - id: me
    method: GET
    path: /me
    match: { state: { loggedIn: true } }
    response: { template: true, body: '{{state.get "user"}} logins={{state.get "logins"}} points={{state.get "points"}}' }
`;

describe('declarative state actions and match.state', () => {
  it('chooses the "after login" endpoint once login set the state, and the other again after logout', async () => {
    mimicus = await startMimicus(LOGIN, { dataDir: false });
    const login = (id: string, name: string) =>
      call('/login', { method: 'POST', headers: { 'x-mimicus-session': id, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });

    expect(await call('/me', session('s1'))).toEqual({ status: 401, body: 'anonymous' });
    expect((await login('s1', 'Ada')).status).toBe(204);
    expect(await call('/me', session('s1'))).toEqual({ status: 200, body: 'Ada logins=1 points=10' });
    expect((await login('s1', 'Ada')).status).toBe(204);
    expect(await call('/me', session('s1'))).toEqual({ status: 200, body: 'Ada logins=2 points=20' });
    expect(await mimicus.state.get('session:s1', 'loggedIn')).toBe(true);

    expect((await call('/logout', { method: 'POST', ...session('s1') })).status).toBe(204);
    expect(await call('/me', session('s1'))).toEqual({ status: 401, body: 'anonymous' });
    expect(await mimicus.state.get('session:s1', 'user')).toBeUndefined();
    expect(await mimicus.state.get('session:s1', 'logins')).toBe(2);
  });

  it('keeps sessions apart, by header and by cookie, and a request with neither is its client address', async () => {
    mimicus = await startMimicus(LOGIN, { dataDir: false });
    const json = { 'content-type': 'application/json' };
    await call('/login', { method: 'POST', headers: { ...json, 'x-mimicus-session': 'a' }, body: '{"name":"Ada"}' });
    expect(await call('/me', session('a'))).toEqual({ status: 200, body: 'Ada logins=1 points=10' });
    expect(await call('/me', session('b'))).toEqual({ status: 401, body: 'anonymous' });

    // The cookie names the same session as the header with that id.
    expect(await call('/me', { headers: { cookie: 'mimicus-session=a' } })).toEqual({ status: 200, body: 'Ada logins=1 points=10' });
    await call('/login', { method: 'POST', headers: { ...json, cookie: 'other=1; mimicus-session=c' }, body: '{"name":"Cy"}' });
    expect(await call('/me', session('c'))).toEqual({ status: 200, body: 'Cy logins=1 points=10' });
    // The header wins over the cookie.
    expect(await call('/me', { headers: { cookie: 'mimicus-session=c', 'x-mimicus-session': 'b' } })).toEqual({ status: 401, body: 'anonymous' });

    expect(await call('/me')).toEqual({ status: 401, body: 'anonymous' });
    await call('/login', { method: 'POST', headers: json, body: '{"name":"Nobody"}' });
    expect(await call('/me')).toEqual({ status: 200, body: 'Nobody logins=1 points=10' });
    expect(await mimicus.state.get('session:127.0.0.1', 'user')).toBe('Nobody');
    expect((await mimicus.state.list('session', { kind: 'var' })).map((e) => `${e.scope} ${e.name}`).filter((e) => e.endsWith(' user'))).toEqual([
      'session:127.0.0.1 user',
      'session:a user',
      'session:c user',
    ]);
  });

  it('reads the session from a configured header and cookie', async () => {
    mimicus = await startMimicus(
      `
version: 2
state: { scope: session, session: { header: x-user, cookie: sid } }
endpoints:
  - { id: put, method: PUT, path: /v, state: { set: { v: '{{request.query.v}}' } }, response: { status: 204 } }
  - { id: get, method: GET, path: /v, response: { template: true, body: 'v={{state.get "v"}}' } }
`,
      { dataDir: false },
    );
    await call('/v?v=1', { method: 'PUT', headers: { 'x-user': 'u1' } });
    expect(await call('/v', { headers: { cookie: 'sid=u1' } })).toEqual({ status: 200, body: 'v=1' });
    expect(await call('/v', session('u1'))).toEqual({ status: 200, body: 'v=' });
  });

  const CLIENT = (trusted: string) => `
version: 2
state: { scope: client${trusted} }
endpoints:
  - { id: hit, path: /hit, state: { inc: [hits] }, response: { template: true, body: 'seen={{state.get "hits"}}' } }
`;
  const from = (forwardedFor: string): RequestInit => ({ headers: { 'x-forwarded-for': forwardedFor } });

  it('ignores X-Forwarded-For from an untrusted peer: the client scope is the socket address', async () => {
    mimicus = await startMimicus(CLIENT(''), { dataDir: false });
    // The template reads the state before the action increments it.
    expect(await call('/hit', from('10.0.0.1'))).toEqual({ status: 200, body: 'seen=' });
    expect(await call('/hit', from('10.0.0.2'))).toEqual({ status: 200, body: 'seen=1' });
    expect(await mimicus.state.list('client')).toEqual([{ scope: 'client:127.0.0.1', kind: 'var', name: 'hits', value: 2 }]);
  });

  it('believes X-Forwarded-For from a trusted proxy: each forwarded client has its own state', async () => {
    mimicus = await startMimicus(CLIENT(', trustedProxies: [127.0.0.1]'), { dataDir: false });
    expect(await call('/hit', from('10.0.0.1'))).toEqual({ status: 200, body: 'seen=' });
    expect(await call('/hit', from('10.0.0.2'))).toEqual({ status: 200, body: 'seen=' });
    // The right-most untrusted hop is the client: a spoofed left-most entry changes nothing.
    expect(await call('/hit', from('6.6.6.6, 10.0.0.1'))).toEqual({ status: 200, body: 'seen=1' });
    expect(await call('/hit', from('10.0.0.2, 127.0.0.1'))).toEqual({ status: 200, body: 'seen=1' });
    expect(await call('/hit')).toEqual({ status: 200, body: 'seen=' });
    expect(await mimicus.state.list('client')).toEqual([
      { scope: 'client:10.0.0.1', kind: 'var', name: 'hits', value: 2 },
      { scope: 'client:10.0.0.2', kind: 'var', name: 'hits', value: 2 },
      { scope: 'client:127.0.0.1', kind: 'var', name: 'hits', value: 1 },
    ]);
  });

  it('keeps endpoint-scoped state private to its endpoint', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: a, path: /a, state: { scope: endpoint, inc: [n] }, response: { template: true, body: 'a={{state.get "n"}}' } }
  - { id: b, path: /b, state: { scope: endpoint, inc: [n] }, response: { template: true, body: 'b={{state.get "n"}}' } }
  - { id: g, path: /g, response: { template: true, body: 'g={{state.get "n"}}' } }
  - id: b-seen
    path: /b-seen
    state: { scope: endpoint }
    match: { state: { n: { present: true } } }
    response: { body: seen }
`,
      { dataDir: false },
    );
    expect((await call('/a')).body).toBe('a=');
    expect((await call('/a')).body).toBe('a=1');
    expect((await call('/b')).body).toBe('b=');
    expect((await call('/a')).body).toBe('a=2');
    expect((await call('/g')).body).toBe('g=');
    // b-seen's own endpoint scope is empty, whatever a and b counted.
    expect((await call('/b-seen')).status).toBe(404);
    expect(await mimicus.state.get('endpoint:a', 'n')).toBe(3);
    expect(await mimicus.state.get('endpoint:b', 'n')).toBe(1);
  });

  it("applies no actions when a fault is injected, and applies them on any status of the endpoint's own response", async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - { id: flaky, path: /flaky, errors: [ { rate: 1, status: 503 } ], state: { set: { touched: true }, inc: [n] }, response: { body: ok } }
  - { id: teapot, path: /teapot, state: { inc: [tea] }, response: { status: 418, body: tea } }
  - { id: limited, path: /limited, rateLimit: { rate: 1/m, burst: 1 }, state: { inc: [admitted] }, response: { body: ok } }
`,
      { dataDir: false },
    );
    expect((await call('/flaky')).status).toBe(503);
    expect((await call('/flaky')).status).toBe(503);
    expect(await mimicus.state.list('global')).toEqual([]);

    expect(await call('/teapot')).toEqual({ status: 418, body: 'tea' });
    expect(await mimicus.state.get('global', 'tea')).toBe(1);

    expect((await call('/limited')).status).toBe(200);
    expect((await call('/limited')).status).toBe(429);
    expect(await mimicus.state.get('global', 'admitted')).toBe(1);
  });

  const EXPIRING = `
version: 2
state: { scope: session }
endpoints:
  - id: login
    method: POST
    path: /login
    state: { set: { loggedIn: true }, ttl: 400ms }
    response: { template: true, body: 'token {{state.set "token" request.headers.x-mimicus-session ttl=400}}' }
  - id: me-anonymous
    method: GET
    path: /me
    response: { status: 401, body: anonymous }
  - id: me
    method: GET
    path: /me
    match: { state: { loggedIn: true } }
    response: { template: true, body: 'hello {{state.get "token"}}' }
`;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  for (const store of ['memory', 'SQLite'] as const) {
    it(`forgets a login once its ttl has passed, and a new login starts the time again (${store})`, async () => {
      const files = writeTempFiles({ 'mimicus.yaml': EXPIRING });
      mimicus = await startMimicus(EXPIRING, store === 'memory' ? { dataDir: false } : { dataDir: join(files, 'data') });
      expect((await call('/login', { method: 'POST', ...session('s1') })).body).toBe('token ');
      expect(await call('/me', session('s1'))).toEqual({ status: 200, body: 'hello s1' });
      // Well past 400 ms: both keys are gone, so the "before login" endpoint answers again.
      await sleep(700);
      expect(await call('/me', session('s1'))).toEqual({ status: 401, body: 'anonymous' });
      expect(await mimicus.state.get('session:s1', 'token')).toBeUndefined();
      expect((await call('/login', { method: 'POST', ...session('s1') })).status).toBe(200);
      expect(await call('/me', session('s1'))).toEqual({ status: 200, body: 'hello s1' });
    });
  }

  it('refuses a ttl that is not a positive duration, or that has nothing to apply to', async () => {
    const broken = `
version: 2
endpoints:
  - { id: a, method: GET, path: /a, state: { inc: [n], ttl: 1s }, response: { body: a } }
  - { id: b, method: GET, path: /b, response: { template: true, body: '{{state.set "k" 1 ttl="soon"}}' } }
`;
    await expect(startMimicus(broken, { dataDir: false })).rejects.toMatchObject({
      issues: [
        expect.objectContaining({ path: 'endpoints[0].state.ttl', message: 'applies to the keys of state.set, and this endpoint sets none' }),
        expect.objectContaining({ path: 'endpoints[1].response.body', message: expect.stringContaining('ttl must be a duration longer than 0') }),
      ],
    });
  });
});
