import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const config = (cors: string) => `
version: 2
server: { ${cors} }
endpoints:
  - id: user
    method: GET
    path: /api/users/{id}
    match: { headers: { x-tenant: { regex: "^t-" } } }
    response: { json: { id: '{{request.params.id}}' }, template: true }
  - id: create
    method: POST
    path: /api/users
    response: { status: 201, headers: { x-request-id: abc } }
  - id: own-options
    method: OPTIONS
    path: /api/custom
    response: { status: 200, headers: { access-control-allow-origin: 'https://custom.example' }, body: mine }
  - id: custom
    method: PUT
    path: /api/custom
    response: { status: 204 }
`;

const preflight = (path: string, origin: string, method = 'GET', headers = 'x-tenant, content-type') =>
  fetch(`${mimicus!.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
const corsHeaders = (res: Response) => Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'));

describe('CORS on the data plane (server.cors)', () => {
  it('is off by default: a preflight is not answered and no Access-Control header is sent', async () => {
    mimicus = await startMimicus(config(''), { dataDir: false });
    expect((await preflight('/api/users/1', 'http://localhost:3000')).status).toBe(404);
    const res = await fetch(`${mimicus.url}/api/users/1`, { headers: { origin: 'http://localhost:3000', 'x-tenant': 't-1' } });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
  });

  it('cors: true answers a preflight for a served path (predicates are not judged) and marks every answer with *', async () => {
    mimicus = await startMimicus(config('cors: true'), { dataDir: false });
    const pre = await preflight('/api/users/1', 'http://localhost:3000');
    expect(pre.status).toBe(204);
    expect(corsHeaders(pre)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, PUT, PATCH, POST, DELETE',
      'access-control-allow-headers': 'x-tenant, content-type',
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    });
    const get = await fetch(`${mimicus.url}/api/users/1`, { headers: { origin: 'http://localhost:3000', 'x-tenant': 't-1' } });
    expect(await get.json()).toEqual({ id: 1 });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    // A miss is readable by the page too (its 404 body lists the near misses).
    const miss = await fetch(`${mimicus.url}/nowhere`, { headers: { origin: 'http://localhost:3000' } });
    expect(miss.status).toBe(404);
    expect(miss.headers.get('access-control-allow-origin')).toBe('*');
    // Nobody serves DELETE on /api/users/1, nor anything at /nowhere: those preflights go on to the 404.
    expect((await preflight('/api/users/1', 'http://localhost:3000', 'DELETE')).status).toBe(404);
    expect((await preflight('/nowhere', 'http://localhost:3000')).status).toBe(404);
    // The journal lists the preflight it answered.
    const journal = await mimicus.journal.list({ method: 'OPTIONS' });
    expect(journal.entries.some((entry) => entry.path === '/api/users/1' && entry.status === 204)).toBe(true);
  });

  it('echoes only listed origins, with credentials and Vary; other origins get nothing', async () => {
    mimicus = await startMimicus(
      config(
        'cors: { origins: ["http://localhost:3000"], credentials: true, methods: [GET, POST], headers: [content-type], exposeHeaders: [x-request-id], maxAge: 10m }',
      ),
      { dataDir: false },
    );
    const pre = await preflight('/api/users', 'http://LOCALHOST:3000', 'POST');
    expect(pre.status).toBe(204);
    expect(corsHeaders(pre)).toEqual({
      'access-control-allow-origin': 'http://LOCALHOST:3000',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
    const post = await fetch(`${mimicus.url}/api/users`, { method: 'POST', headers: { origin: 'http://localhost:3000' } });
    expect(post.status).toBe(201);
    expect(corsHeaders(post)).toEqual({
      'access-control-allow-origin': 'http://localhost:3000',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      vary: 'Origin',
    });

    for (const origin of ['https://evil.example', 'null', 'http://localhost:3000.evil.example']) {
      expect((await preflight('/api/users', origin, 'POST')).status).toBe(404);
      expect(corsHeaders(await fetch(`${mimicus.url}/api/users`, { method: 'POST', headers: { origin } }))).toEqual({});
    }
  });

  it("lets an endpoint's own OPTIONS answer, and a response's own Access-Control header win", async () => {
    mimicus = await startMimicus(config('cors: true'), { dataDir: false });
    const pre = await preflight('/api/custom', 'http://localhost:3000', 'PUT');
    expect(pre.status).toBe(200);
    expect(await pre.text()).toBe('mine');
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://custom.example');
  });

  it('does not echo a requested header list that is not a list of header names', async () => {
    mimicus = await startMimicus(config('cors: true'), { dataDir: false });
    const long = await preflight('/api/users/1', 'http://localhost:3000', 'GET', 'x-a,'.repeat(2000));
    expect(long.status).toBe(204);
    expect(long.headers.get('access-control-allow-headers')).toBeNull();
    const odd = await preflight('/api/users/1', 'http://localhost:3000', 'GET', 'x-a; x-b="c"');
    expect(odd.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('refuses origins "*" with credentials, and an origin with a path', async () => {
    await expect(startMimicus(config('cors: { origins: "*", credentials: true }'), { dataDir: false })).rejects.toThrow(
      /server\.cors\.credentials: cannot be true with origins "\*"/,
    );
    await expect(startMimicus(config('cors: { origins: ["http://localhost:3000/app"] }'), { dataDir: false })).rejects.toThrow(/expected an origin like/);
  });
});
