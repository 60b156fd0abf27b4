import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const get = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${mimicus!.url}${path}`, init);
  return { status: res.status, text: await res.text() };
};

describe('request matching end to end', () => {
  it('prefers static over parameter over wildcard, and priority over all', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: catch-all, path: /**, response: { body: catch-all } }
  - { id: param, path: '/users/{id}', response: { body: param } }
  - { id: constrained, path: '/users/{id:[0-9]+}', response: { body: constrained } }
  - { id: static, path: /users/me, response: { body: static } }
  - { id: one-segment, path: /files/*/meta, response: { body: one-segment } }
  - { id: urgent, path: /admin/**, priority: 10, response: { body: urgent } }
  - { id: admin-static, path: /admin/panel, response: { body: admin-static } }
`);
    expect((await get('/users/me')).text).toBe('static');
    expect((await get('/users/42')).text).toBe('constrained');
    expect((await get('/users/bob')).text).toBe('param');
    expect((await get('/files/a.txt/meta')).text).toBe('one-segment');
    expect((await get('/files/a/b/meta')).text).toBe('catch-all');
    expect((await get('/admin/panel')).text).toBe('urgent');
    expect((await get('/nothing/here')).text).toBe('catch-all');
  });

  it('falls back to a less specific path when the specific one does not accept the method', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: delete-me, method: DELETE, path: /users/me, response: { status: 204 } }
  - { id: get-user, method: GET, path: '/users/{id}', response: { body: 'user {{request.params.id}}', template: true } }
`);
    expect(await get('/users/me')).toEqual({ status: 200, text: 'user me' });
    expect((await get('/users/me', { method: 'DELETE' })).status).toBe(204);
  });

  it('matches query, header, cookie and body predicates', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - id: tenant
    path: /q
    match:
      headers: { x-tenant: { regex: '^t-' } }
      query: { page: { any: ['1', '2'] }, debug: { absent: true } }
      cookies: { session: { present: true } }
    response: { body: tenant }
  - id: bulk
    method: POST
    path: /q
    match: { body: { jsonPath: '$.items[?(@.qty > 1)]' } }
    response: { body: bulk }
  - id: schema
    method: POST
    path: /q
    match: { body: { jsonSchema: { type: object, required: [name], properties: { name: { type: string } } } } }
    response: { body: schema }
  - id: partial
    method: PUT
    path: /q
    match: { body: { json: { user: { role: admin } } } }
    response: { body: partial }
`);
    const headers = { 'x-tenant': 't-acme', cookie: 'session=abc; other=1' };
    expect((await get('/q?page=2', { headers })).text).toBe('tenant');
    expect((await get('/q?page=3', { headers })).status).toBe(404);
    expect((await get('/q?page=1&debug=1', { headers })).status).toBe(404);
    expect((await get('/q?page=1', { headers: { 'x-tenant': 't-acme' } })).status).toBe(404);

    const post = (body: unknown) => get('/q', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ items: [{ qty: 1 }, { qty: 3 }] })).text).toBe('bulk');
    expect((await post({ items: [{ qty: 1 }], name: 'x' })).text).toBe('schema');
    expect((await post({ items: [{ qty: 1 }] })).status).toBe(404);
    // a JSON scalar body has no members: no match, not a 500
    for (const scalar of [null, 0, '', 'abc', true]) expect((await post(scalar)).status).toBe(404);

    const put = (body: unknown) => get('/q', { method: 'PUT', body: JSON.stringify(body) });
    expect((await put({ id: 1, user: { role: 'admin', name: 'a' } })).text).toBe('partial');
    expect((await put({ id: 1, user: { role: 'guest' } })).status).toBe(404);
  });

  it('matches a mixed segment or a constraint whose value holds a percent-encoded line terminator', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: file, path: '/files/{name}.{ext}', response: { body: '{{request.params.name}}|{{request.params.ext}}', template: true } }
  - { id: any, path: '/d/{id:.+}', response: { body: any } }
`);
    for (const [encoded, decoded] of [
      ['%0A', '\n'],
      ['%0D', '\r'],
      ['%E2%80%A8', '\u2028'],
      ['%E2%80%A9', '\u2029'],
    ]) {
      expect(await get(`/files/a.t${encoded}xt`)).toEqual({ status: 200, text: `a|t${decoded}xt` });
      expect(await get(`/d/a${encoded}b`)).toEqual({ status: 200, text: 'any' });
    }
  });

  it('ranks the endpoint with more predicates first on the same path', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - { id: plain, path: /r, response: { body: plain } }
  - { id: tenant, path: /r, match: { headers: { x-tenant: acme } }, response: { body: tenant } }
`);
    expect((await get('/r', { headers: { 'x-tenant': 'acme' } })).text).toBe('tenant');
    expect((await get('/r')).text).toBe('plain');
  });
});
