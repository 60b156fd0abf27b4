import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

const KEY = 'alice-key-0123456789abcdef';
const WITH_KEY = `${BASE}admin:
  apiKeys:
    - { name: alice, key: ${KEY} }
`;

interface Meta {
  id: number;
  author: string;
  timestamp: string;
  message?: string;
  summary: string;
}

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const start = async (yaml = WITH_KEY, dataDir: string | false = mkdtempSync(join(tmpdir(), 'mimicus-versions-'))) => {
  mimicus = await startWithAdmin(yaml, { dataDir });
  return mimicus;
};

const call = (path: string, init: Parameters<AdminHarness['api']>[1] = {}) => mimicus!.api(path, { key: KEY, ...init });
const versions = async (query = ''): Promise<{ items: Meta[]; nextBefore?: number }> => (await call(`/api/versions${query}`)).json() as never;
const latest = async (): Promise<Meta> => (await versions('?limit=1')).items[0]!;
const hello = async () => (await fetch(`${mimicus!.url}/hello`)).text();
const patchHello = (body: string, message?: string) =>
  call('/api/endpoints/hello', {
    method: 'PATCH',
    body: JSON.stringify({ response: { body } }),
    headers: { 'content-type': 'application/merge-patch+json', ...(message ? { 'x-change-message': message } : {}) },
  });

describe('admin API: versions', () => {
  it('records the startup config and every kind of change with its author, message and summary', async () => {
    await start();
    expect((await versions()).items).toMatchObject([{ id: 1, author: 'startup', summary: 'initial: 1 endpoint, 0 workflows' }]);

    const orders = { id: 'orders', method: 'POST', path: '/orders', response: { status: 201 } };
    expect((await call('/api/endpoints', { method: 'POST', json: orders, headers: { 'x-change-message': 'orders API' } })).status).toBe(201);
    expect((await patchHello('changed')).status).toBe(200);
    const config = (await (await call('/api/config')).json()) as Record<string, unknown> & { endpoints: { id: string }[] };
    const put = { ...config, server: { maxBodySize: '2MB' }, endpoints: config.endpoints.filter((endpoint) => endpoint.id !== 'orders') };
    expect((await call('/api/config', { method: 'PUT', json: put })).status).toBe(200);
    const workflow = { id: 'browse', endpoints: ['hello'], overrides: { latency: { fixed: '10ms' } } };
    expect((await call('/api/workflows', { method: 'POST', json: workflow })).status).toBe(201);
    expect((await call('/api/workflows/browse', { method: 'DELETE' })).status).toBe(204);
    writeFileSync(mimicus!.file, WITH_KEY.replace('body: hi', 'body: from file'));
    expect((await call('/api/config/reload', { method: 'POST' })).status).toBe(200);
    await mimicus!.reload({ version: 2, endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response: { body: 'programmatic' } }] });

    const { items } = await versions();
    expect(items.map(({ id, author, message, summary }) => ({ id, author, message, summary }))).toEqual([
      { id: 8, author: 'programmatic', message: 'reload()', summary: 'endpoints: ~hello; admin changed' },
      { id: 7, author: 'alice', message: 'reload from file', summary: 'endpoints: ~hello; server changed' },
      { id: 6, author: 'alice', message: undefined, summary: 'workflows: -browse' },
      { id: 5, author: 'alice', message: undefined, summary: 'workflows: +browse' },
      { id: 4, author: 'alice', message: undefined, summary: 'endpoints: -orders; server changed' },
      { id: 3, author: 'alice', message: undefined, summary: 'endpoints: ~hello' },
      { id: 2, author: 'alice', message: 'orders API', summary: 'endpoints: +orders' },
      { id: 1, author: 'startup', message: 'config served at start', summary: 'initial: 1 endpoint, 0 workflows' },
    ]);
    for (const item of items) expect(new Date(item.timestamp).toISOString()).toBe(item.timestamp);
  });

  it('pages newest first with limit and before', async () => {
    await start(BASE, false);
    for (const body of ['a', 'b', 'c']) await patchHello(body);
    const first = await versions('?limit=2');
    expect(first.items.map((item) => item.id)).toEqual([4, 3]);
    expect(first.nextBefore).toBe(3);
    const second = await versions(`?limit=2&before=${first.nextBefore}`);
    expect(second.items.map((item) => item.id)).toEqual([2, 1]);
    expect(second.nextBefore).toBeUndefined();
    await expectProblem(await call('/api/versions?limit=0'), 400, 'ADMIN_REQUEST_INVALID');
  });

  it('GET /api/versions/{id} answers the snapshot (secrets redacted) and the changed paths against the previous version', async () => {
    await start();
    await patchHello('changed', 'new greeting');
    const version = (await (await call('/api/versions/2')).json()) as Meta & { snapshot: Record<string, any>; previousId: number | null; diff: unknown[] };
    expect(version).toMatchObject({ id: 2, author: 'alice', message: 'new greeting', summary: 'endpoints: ~hello', previousId: 1 });
    expect(version.snapshot.endpoints[0].response.body).toBe('changed');
    expect(version.snapshot.admin.apiKeys[0].key).toBe('<redacted>');
    expect(version.diff).toEqual([{ op: 'changed', path: 'endpoints[id=hello].response.body', before: 'hi', after: 'changed' }]);

    const first = (await (await call('/api/versions/1')).json()) as { previousId: number | null; diff: { op: string; path: string }[] };
    expect(first.previousId).toBeNull();
    expect(first.diff.map((change) => `${change.op} ${change.path}`)).toContain('added endpoints');
    await expectProblem(await call('/api/versions/99'), 404, 'VERSION_NOT_FOUND');
  });

  it('GET /api/versions/{id}?against={other} diffs any two versions', async () => {
    await start();
    await patchHello('second', 'v2');
    await patchHello('third', 'v3');
    const across = (await (await call('/api/versions/3?against=1')).json()) as { againstId: number; previousId: number; diff: unknown[] };
    expect(across).toMatchObject({ againstId: 1, previousId: 2 });
    expect(across.diff).toEqual([{ op: 'changed', path: 'endpoints[id=hello].response.body', before: 'hi', after: 'third' }]);
    const backwards = (await (await call('/api/versions/1?against=3')).json()) as { diff: unknown[] };
    expect(backwards.diff).toEqual([{ op: 'changed', path: 'endpoints[id=hello].response.body', before: 'third', after: 'hi' }]);
    await expectProblem(await call('/api/versions/3?against=42'), 404, 'VERSION_NOT_FOUND');
  });

  it('restores a version as a new version, and the data plane answers the restored config', async () => {
    await start();
    await patchHello('changed');
    expect(await hello()).toBe('changed');
    const restore = await call('/api/versions/1/restore', { method: 'POST', headers: { 'x-change-message': 'undo' } });
    expect(restore.status).toBe(200);
    expect(await restore.json()).toMatchObject({ version: { id: 3, author: 'alice', message: 'restore of version 1: undo', summary: 'endpoints: ~hello' } });
    expect(await hello()).toBe('hi');
    await expectProblem(await call('/api/versions/42/restore', { method: 'POST' }), 404, 'VERSION_NOT_FOUND');
    expect((await latest()).id).toBe(3);
  });

  it('exports YAML and JSON with version metadata, and imports them back as new versions', async () => {
    await start();
    await patchHello('exported', 'before export');
    const yamlExport = await call('/api/export?format=yaml');
    expect(yamlExport.status).toBe(200);
    expect(yamlExport.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(yamlExport.headers.get('content-disposition')).toBe('attachment; filename="mimicus-config-v2.yaml"');
    const yamlText = await yamlExport.text();
    const document = parse(yamlText) as { exported: { version: Meta; mimicusVersion: string }; config: Record<string, any> };
    expect(document.exported.version).toMatchObject({ id: 2, author: 'alice', message: 'before export' });
    expect(document.config.endpoints[0].response.body).toBe('exported');
    expect(document.config.admin.apiKeys[0].key).toBe('<redacted>');

    const jsonExport = await call('/api/export?format=json');
    expect(jsonExport.headers.get('content-disposition')).toBe('attachment; filename="mimicus-config-v2.json"');
    const jsonText = await jsonExport.text();
    expect(JSON.parse(jsonText)).toMatchObject({ exported: { version: { id: 2 } }, config: document.config });

    await patchHello('later');
    const imported = await call('/api/import', {
      method: 'POST',
      body: yamlText,
      headers: { 'content-type': 'application/yaml', 'x-change-message': 'back to the export' },
    });
    expect(imported.status).toBe(201);
    expect(await imported.json()).toMatchObject({ version: { id: 4, author: 'alice', message: 'back to the export', summary: 'endpoints: ~hello' } });
    expect(await hello()).toBe('exported');
    // The admin block (and its real key) stays: the key still works after importing a redacted one.
    expect((await call('/api/status')).status).toBe(200);

    await patchHello('later again');
    const fromJson = await call('/api/import', { method: 'POST', body: jsonText, headers: { 'content-type': 'application/json' } });
    expect(fromJson.status).toBe(201);
    expect(await fromJson.json()).toMatchObject({ version: { id: 6, message: 'import' } });
    expect(await hello()).toBe('exported');

    const bare = { version: 2, endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response: { body: 'bare' } }] };
    const text = `version: 2\nendpoints:\n  - { id: hello, method: GET, path: /hello, response: { body: yaml text } }\n`;
    expect((await call('/api/import', { method: 'POST', json: bare })).status).toBe(201);
    expect(await hello()).toBe('bare');
    expect((await call('/api/import', { method: 'POST', body: text, headers: { 'content-type': 'text/yaml' } })).status).toBe(201);
    expect(await hello()).toBe('yaml text');
  });

  it('answers 400 listing every issue of an invalid import and applies nothing', async () => {
    await start();
    const bad = { version: 2, endpoints: [{ id: 'a', path: 'no-slash', response: { status: 700 } }] };
    const problem = await expectProblem(await call('/api/import', { method: 'POST', json: bad }), 400, 'CONFIG_INVALID');
    expect((problem.issues as { path: string }[]).map((issue) => issue.path).sort()).toEqual(['endpoints[0].path', 'endpoints[0].response.status']);

    const syntax = await call('/api/import', { method: 'POST', body: 'version: 2\nendpoints: [\n', headers: { 'content-type': 'application/yaml' } });
    const syntaxProblem = await expectProblem(syntax, 400, 'CONFIG_INVALID');
    expect((syntaxProblem.issues as { message: string }[])[0]!.message).toMatch(/^YAML syntax \(line \d+, column \d+\)/);

    expect((await versions()).items.map((item) => item.id)).toEqual([1]);
    expect(await hello()).toBe('hi');
  });

  it('keeps the history across a restart on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mimicus-versions-'));
    await start(WITH_KEY, dataDir);
    await patchHello('changed', 'before restart');
    const file = mimicus!.file;
    await mimicus!.close();

    // The file still says "hi", so the config served at start differs from the newest version: a new startup version.
    mimicus = await startWithAdmin(WITH_KEY, { dataDir });
    expect((await versions()).items.map(({ id, author, message }) => ({ id, author, message }))).toEqual([
      { id: 3, author: 'startup', message: 'config served at start' },
      { id: 2, author: 'alice', message: 'before restart' },
      { id: 1, author: 'startup', message: 'config served at start' },
    ]);
    expect((await versions()).items[0]!.summary).toBe('endpoints: ~hello');
    await mimicus.close();

    // Unchanged config: no new version.
    mimicus = await startWithAdmin(WITH_KEY, { dataDir });
    expect((await latest()).id).toBe(3);
    expect(file).not.toBe(mimicus.file);
  });
});
