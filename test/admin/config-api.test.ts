import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('admin API: config', () => {
  it('GET /api/config answers the config with a strong ETag', async () => {
    mimicus = await startWithAdmin(BASE);
    const response = await mimicus.api('/api/config');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(await response.json()).toMatchObject({ version: 2, endpoints: [{ id: 'hello', path: '/hello' }] });
  });

  it('GET /api/config with If-None-Match answers 304 without a body until the config changes', async () => {
    mimicus = await startWithAdmin(BASE);
    const first = await mimicus.api('/api/config');
    const etag = first.headers.get('etag')!;
    const same = await mimicus.api('/api/config', { headers: { 'if-none-match': `W/${etag}` } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    const other = await mimicus.api('/api/config', { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('PUT /api/config applies before answering and changes the ETag; a stale If-Match gets 412', async () => {
    mimicus = await startWithAdmin(BASE);
    const read = await mimicus.api('/api/config');
    const etag = read.headers.get('etag')!;
    const config = (await read.json()) as { endpoints: { response: { body: string } }[] };
    config.endpoints[0]!.response.body = 'changed';
    const put = await mimicus.api('/api/config', { method: 'PUT', json: config, headers: { 'if-match': etag } });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).not.toBe(etag);
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('changed');

    const stale = await mimicus.api('/api/config', { method: 'PUT', json: config, headers: { 'if-match': etag } });
    const problem = await expectProblem(stale, 412, 'CONFIG_STALE');
    expect(problem.etag).toBe(put.headers.get('etag'));
  });

  it('PUT /api/config answers 400 listing every issue and keeps serving the old config', async () => {
    mimicus = await startWithAdmin(BASE);
    const bad = { version: 2, endpoints: [{ id: 'a', path: 'no-slash', response: { status: 700 } }] };
    const problem = await expectProblem(await mimicus.api('/api/config', { method: 'PUT', json: bad }), 400, 'CONFIG_INVALID');
    expect((problem.issues as { path: string }[]).map((issue) => issue.path).sort()).toEqual(['endpoints[0].path', 'endpoints[0].response.status']);
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('hi');
  });

  it('POST /api/config/validate lists issues and applies nothing', async () => {
    mimicus = await startWithAdmin(BASE);
    const valid = { version: 2, endpoints: [{ id: 'other', path: '/other', response: { body: 'x' } }] };
    expect(await (await mimicus.api('/api/config/validate', { method: 'POST', json: valid })).json()).toEqual({ valid: true, issues: [] });
    const invalid = await (await mimicus.api('/api/config/validate', { method: 'POST', json: { version: 2, endpoints: [{ id: 'a' }] } })).json();
    expect(invalid).toMatchObject({ valid: false });
    expect((invalid as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual(['endpoints[0]', 'endpoints[0]']);
    expect((await fetch(`${mimicus.url}/other`)).status).toBe(404);
  });

  it('POST /api/config/reload applies the edited file, and keeps the old config on an invalid one (400 with locations)', async () => {
    mimicus = await startWithAdmin(BASE);
    writeFileSync(mimicus.file, BASE.replace('body: hi', 'body: reloaded'));
    expect((await mimicus.api('/api/config/reload', { method: 'POST' })).status).toBe(200);
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('reloaded');

    writeFileSync(mimicus.file, BASE.replace('status: 200', 'status: 700'));
    const problem = await expectProblem(await mimicus.api('/api/config/reload', { method: 'POST' }), 400, 'CONFIG_INVALID');
    expect(problem.issues).toEqual([expect.objectContaining({ path: 'endpoints[0].response.status', location: expect.objectContaining({ line: 6 }) })]);
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('reloaded');
  });

  it('answers a body that is not JSON with a 400 problem', async () => {
    mimicus = await startWithAdmin(BASE);
    const response = await mimicus.api('/api/config', { method: 'PUT', body: '{nope', headers: { 'content-type': 'application/json' } });
    await expectProblem(response, 400, 'ADMIN_REQUEST_INVALID');
  });

  it('GET /api/status reports version, plan and counts', async () => {
    mimicus = await startWithAdmin(BASE);
    const status = await (await mimicus.api('/api/status')).json();
    expect(status).toMatchObject({
      version: expect.any(String),
      planId: mimicus.plan.id,
      endpoints: 1,
      workflows: 0,
      dataDir: false,
      uptimeSeconds: expect.any(Number),
    });
  });
});
