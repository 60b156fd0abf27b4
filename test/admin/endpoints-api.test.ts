import { afterEach, describe, expect, it } from 'vitest';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const world = { id: 'world', method: 'GET', path: '/world', response: { status: 200, body: 'earth' } };

describe('admin API: endpoints', () => {
  it('lists and gets endpoints; an unknown id is a 404 problem', async () => {
    mimicus = await startWithAdmin(BASE);
    expect(await (await mimicus.api('/api/endpoints')).json()).toMatchObject({ items: [{ id: 'hello' }] });
    expect(await (await mimicus.api('/api/endpoints/hello')).json()).toMatchObject({ id: 'hello', path: '/hello' });
    await expectProblem(await mimicus.api('/api/endpoints/nope'), 404, 'ENDPOINT_NOT_FOUND');
  });

  it('creates an endpoint (201) that the data plane answers as soon as the response returns', async () => {
    mimicus = await startWithAdmin(BASE);
    const created = await mimicus.api('/api/endpoints', { method: 'POST', json: world });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/endpoints/world');
    expect(await (await fetch(`${mimicus.url}/world`)).text()).toBe('earth');
  });

  it('answers 409 for a duplicate id', async () => {
    mimicus = await startWithAdmin(BASE);
    await expectProblem(await mimicus.api('/api/endpoints', { method: 'POST', json: { ...world, id: 'hello' } }), 409, 'ENDPOINT_EXISTS');
  });

  it('answers 409 naming the other endpoint when routes conflict, and applies nothing', async () => {
    mimicus = await startWithAdmin(BASE);
    const clash = { id: 'hello-again', method: 'GET', path: '/hello', response: { body: 'again' } };
    const problem = await expectProblem(await mimicus.api('/api/endpoints', { method: 'POST', json: clash }), 409, 'CONFIG_CONFLICT');
    expect(problem.issues).toEqual([expect.objectContaining({ code: 'conflict', message: expect.stringContaining('"hello"') })]);
    // Each side is named by id too, so a client can link to the endpoint it clashes with.
    expect(problem.issues).toEqual([expect.objectContaining({ path: 'endpoints[1]', id: 'hello-again', related: [{ path: 'endpoints[0]', id: 'hello' }] })]);
    expect(await (await mimicus.api('/api/endpoints')).json()).toMatchObject({ items: [{ id: 'hello' }] });
  });

  it('answers 400 listing the issues of an invalid endpoint', async () => {
    mimicus = await startWithAdmin(BASE);
    const problem = await expectProblem(await mimicus.api('/api/endpoints', { method: 'POST', json: { id: 'x', path: 'nope' } }), 400, 'CONFIG_INVALID');
    expect(problem.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'endpoints[1].path' })]));
    await expectProblem(await mimicus.api('/api/endpoints', { method: 'POST', json: { path: '/no-id' } }), 400, 'ADMIN_REQUEST_INVALID');
  });

  it('replaces, merge-patches and deletes an endpoint', async () => {
    mimicus = await startWithAdmin(BASE);
    const replaced = await mimicus.api('/api/endpoints/hello', { method: 'PUT', json: { method: 'GET', path: '/hello', response: { body: 'replaced' } } });
    expect(replaced.status).toBe(200);
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('replaced');

    const patched = await mimicus.api('/api/endpoints/hello', {
      method: 'PATCH',
      json: { response: { body: 'patched', status: 201 } },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(200);
    const answer = await fetch(`${mimicus.url}/hello`);
    expect([answer.status, await answer.text()]).toEqual([201, 'patched']);
    await expectProblem(await mimicus.api('/api/endpoints/hello', { method: 'PATCH', json: { id: 'renamed' } }), 400, 'ADMIN_REQUEST_INVALID');

    expect((await mimicus.api('/api/endpoints/hello', { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${mimicus.url}/hello`)).status).toBe(404);
    await expectProblem(await mimicus.api('/api/endpoints/hello', { method: 'DELETE' }), 404, 'ENDPOINT_NOT_FOUND');
  });

  it('turns an endpoint off and on with a merge-patch of enabled; a disabled twin clashes with nothing', async () => {
    mimicus = await startWithAdmin(BASE);
    const m = mimicus;
    const patch = (id: string, body: object) =>
      m.api(`/api/endpoints/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify(body) });
    expect((await patch('hello', { enabled: false })).status).toBe(200);
    expect((await fetch(`${m.url}/hello`)).status).toBe(404);
    expect(((await (await m.api('/api/endpoints/hello')).json()) as { enabled?: boolean }).enabled).toBe(false);
    // The same route again is no conflict while the first one is off…
    const twin = await m.api('/api/endpoints', { method: 'POST', json: { id: 'hello-v2', method: 'GET', path: '/hello', response: { body: 'v2' } } });
    expect(twin.status).toBe(201);
    expect(await (await fetch(`${m.url}/hello`)).text()).toBe('v2');
    // …and turning it back on clashes, naming the other side.
    const clash = await expectProblem(await patch('hello', { enabled: true }), 409, 'CONFIG_CONFLICT');
    expect(clash.issues).toEqual([expect.objectContaining({ path: 'endpoints[1]', id: 'hello-v2', related: [{ path: 'endpoints[0]', id: 'hello' }] })]);
    expect((await patch('hello-v2', { enabled: false })).status).toBe(200);
    expect((await patch('hello', { enabled: true })).status).toBe(200);
    expect(await (await fetch(`${m.url}/hello`)).text()).toBe('hi');
  });
});
