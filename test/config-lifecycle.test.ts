import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMimicus } from '../src/index.js';
import { expectProblem, startWithAdmin, type AdminHarness } from './admin/admin-harness.js';
import { captureLogs } from './support/log-capture.js';

/** Every change goes through one ConfigLifecycle: what each source leaves behind is observable the same way. */

interface Event {
  type: string;
  data: Record<string, unknown>;
}

interface Meta {
  id: number;
  author: string;
  message?: string;
  summary: string;
}

const sockets: WebSocket[] = [];
let mimicus: AdminHarness | undefined;
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await mimicus?.close();
  mimicus = undefined;
});

const CONFIG = `# the shop's mocks, kept by hand
version: 2
endpoints:
  # the greeting
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: hi }
`;

/** Every event of `/api/events` (all topics), once the stream is live. */
async function listen(adminUrl: string): Promise<Event[]> {
  const socket = new WebSocket(`${adminUrl.replace(/^http/, 'ws')}/api/events`);
  sockets.push(socket);
  const events: Event[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString()) as Event;
      if (event.type === 'subscribed') resolve();
      else events.push(event);
    });
    socket.once('error', reject);
  });
  return events;
}

async function until<T>(probe: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const applied = (events: Event[]) => events.filter((event) => event.type === 'config.applied').map((event) => event.data);
const versions = async (harness: AdminHarness): Promise<Meta[]> => ((await (await harness.api('/api/versions?limit=100')).json()) as { items: Meta[] }).items;
const hello = async (harness: AdminHarness) => (await fetch(`${harness.url}/hello`)).text();
const configWith = (body: string, extra: Record<string, unknown> = {}) => ({
  version: 2,
  ...extra,
  endpoints: [{ id: 'hello', method: 'GET', path: '/hello', response: { status: 200, body } }],
});
const patch = (harness: AdminHarness, id: string, body: unknown) =>
  harness.api(`/api/endpoints/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify(body) });

describe('one config lifecycle', () => {
  it('records one version and one config.applied per change from every source, and nothing for a change that changes nothing', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const harness = mimicus;
    const events = await listen(harness.adminUrl);
    const current = async () => (await (await harness.api('/api/config')).json()) as Record<string, unknown>;

    // The admin API: PUT, then the same PUT again.
    const put = await harness.api('/api/config', { method: 'PUT', json: configWith('put') });
    expect([put.status, put.headers.get('x-mimicus-config-change'), put.headers.get('x-mimicus-config-version')]).toEqual([200, 'applied', '2']);
    const samePut = await harness.api('/api/config', { method: 'PUT', json: configWith('put') });
    expect([samePut.status, samePut.headers.get('x-mimicus-config-change'), samePut.headers.get('x-mimicus-config-version')]).toEqual([200, 'unchanged', null]);
    // Endpoint CRUD: a create, then a patch that sets what is already there.
    expect((await harness.api('/api/endpoints', { method: 'POST', json: { id: 'bye', path: '/bye', response: { body: 'ciao' } } })).status).toBe(201);
    const samePatch = await patch(harness, 'bye', { response: { body: 'ciao' } });
    expect([samePatch.status, samePatch.headers.get('x-mimicus-config-change')]).toEqual([200, 'unchanged']);
    // Import: the served config as it is, then a changed one.
    const sameImport = await harness.api('/api/import', { method: 'POST', json: await current() });
    expect(sameImport.status).toBe(201);
    expect(await sameImport.json()).toMatchObject({ unchanged: true, version: { id: 3 } });
    const imported = await harness.api('/api/import', { method: 'POST', json: { ...(await current()), endpoints: [configWith('imported').endpoints[0]] } });
    expect(await imported.json()).toMatchObject({ version: { id: 4, message: 'import' } });
    // Restore: the version serving now changes nothing; an older one does.
    expect(await (await harness.api('/api/versions/4/restore', { method: 'POST' })).json()).toMatchObject({ unchanged: true, version: { id: 4 } });
    expect(await (await harness.api('/api/versions/2/restore', { method: 'POST' })).json()).toMatchObject({
      version: { id: 5, message: 'restore of version 2' },
    });
    // Reload: the file holds what the API wrote back, so it is unchanged until edited.
    expect((await harness.api('/api/config/reload', { method: 'POST' })).headers.get('x-mimicus-config-change')).toBe('unchanged');
    writeFileSync(harness.file, CONFIG.replace('body: hi', 'body: edited'));
    expect((await harness.api('/api/config/reload', { method: 'POST' })).headers.get('x-mimicus-config-change')).toBe('applied');
    // m.reload: an object twice, then the file (which the object was not written to), twice.
    expect(await harness.reload(configWith('object'))).toMatchObject({ changed: true, version: 7, restartNeeded: [] });
    expect(await harness.reload(configWith('object'))).toEqual({ changed: false, restartNeeded: [], warnings: [] });
    expect(await hello(harness)).toBe('object');
    expect(await harness.reload(harness.file)).toMatchObject({ changed: true, version: 8 });
    expect(await harness.reload(harness.file)).toEqual({ changed: false, restartNeeded: [], warnings: [] });
    expect(await hello(harness)).toBe('edited');

    const history = await versions(harness);
    expect(history.map(({ id, author, message }) => [id, author, message])).toEqual([
      [8, 'programmatic', 'reload()'],
      [7, 'programmatic', 'reload()'],
      [6, 'anonymous', 'reload from file'],
      [5, 'anonymous', 'restore of version 2'],
      [4, 'anonymous', 'import'],
      [3, 'anonymous', undefined],
      [2, 'anonymous', undefined],
      [1, 'startup', 'config served at start'],
    ]);
    await until(
      () => applied(events).length,
      (count) => count >= 7,
    );
    expect(applied(events).map((data) => [data.version, data.source])).toEqual([
      [2, 'api'],
      [3, 'api'],
      [4, 'import'],
      [5, 'restore'],
      [6, 'reload'],
      [7, 'programmatic'],
      [8, 'programmatic'],
    ]);
  });

  it('applies a watched file edit as a version with its event, and a comment-only edit as nothing', async () => {
    const { logger, lines } = captureLogs();
    mimicus = await startWithAdmin(CONFIG, { watch: true, logger });
    const harness = mimicus;
    const events = await listen(harness.adminUrl);
    writeFileSync(harness.file, CONFIG.replace('body: hi', 'body: watched'));
    await until(
      () => applied(events).length,
      (count) => count === 1,
    );
    expect(applied(events)).toMatchObject([{ version: 2, author: 'file', source: 'file', message: 'file changed' }]);
    writeFileSync(harness.file, `# a comment, nothing else\n${CONFIG.replace('body: hi', 'body: watched')}`);
    await until(() => lines.some((line) => line.msg === 'config read again and unchanged: no new version'), Boolean);
    expect(lines.some((line) => line.msg === 'config read again and unchanged: no new version' && line.source === 'file')).toBe(true);
    // The comment edit became the file's basis: an API change is written on top of it, not refused.
    expect((await patch(harness, 'hello', { response: { body: 'api' } })).status).toBe(200);
    expect(readFileSync(harness.file, 'utf8')).toMatch(/^# a comment, nothing else\n[^]*body: api/);
    await until(
      () => applied(events).length,
      (count) => count === 2,
    );
    expect((await versions(harness)).map((version) => version.author)).toEqual(['anonymous', 'file', 'startup']);
    expect(applied(events).map((data) => data.source)).toEqual(['file', 'api']);
  });

  it('runs concurrent changes one at a time: no read-check-apply interleaves with another', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const harness = mimicus;
    const ids = Array.from({ length: 12 }, (_, index) => `e${index}`);
    // Each create reads the served endpoints and applies them plus one: interleaved, creates would be lost.
    const answers = await Promise.all([
      ...ids.map((id) => harness.api('/api/endpoints', { method: 'POST', json: { id, path: `/${id}`, response: { body: id } } })),
      ...ids.map((id) => patch(harness, 'hello', { response: { headers: { [`x-${id}`]: id } } })),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([...ids.map(() => 201), ...ids.map(() => 200)]);
    const config = (await (await harness.api('/api/config')).json()) as { endpoints: { id: string; response: { headers?: Record<string, string> } }[] };
    expect(config.endpoints.map((endpoint) => endpoint.id).sort()).toEqual(['hello', ...ids].sort());
    expect(Object.keys(config.endpoints[0]!.response.headers ?? {}).sort()).toEqual(ids.map((id) => `x-${id}`).sort());
    const history = await versions(harness);
    expect(history).toHaveLength(1 + 2 * ids.length);
    // Each version is one change on top of the one before it.
    for (const id of ids) expect(history.filter((version) => version.summary === `endpoints: +${id}`)).toHaveLength(1);
    expect(history.filter((version) => version.summary === 'endpoints: ~hello')).toHaveLength(ids.length);
    // m.reload waits its turn too: the last one called is the one that serves.
    await Promise.all(['one', 'two', 'three'].map((body) => harness.reload(configWith(body))));
    expect(await hello(harness)).toBe('three');
  });

  it('m.reload(config) leaves the config file alone unless asked, and then writes it as an API change would', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const harness = mimicus;
    await harness.reload({ version: 2, endpoints: [] });
    expect(readFileSync(harness.file, 'utf8')).toBe(CONFIG);
    expect((await fetch(`${harness.url}/hello`)).status).toBe(404);
    // The served config is no longer the file's: API changes serve, but do not write it either.
    expect((await harness.api('/api/endpoints', { method: 'POST', json: { id: 'bye', path: '/bye', response: { body: 'ciao' } } })).status).toBe(201);
    expect(readFileSync(harness.file, 'utf8')).toBe(CONFIG);
    expect(await (await fetch(`${harness.url}/bye`)).text()).toBe('ciao');

    const written = await harness.reload(configWith('written', { server: { seed: 3 } }), { writeBack: true });
    expect(written).toMatchObject({ changed: true, warnings: [] });
    const text = readFileSync(harness.file, 'utf8');
    expect(text).toContain("# the shop's mocks, kept by hand");
    expect(text).toContain('# the greeting');
    expect(text).toContain('body: written');
    expect(text).toContain('seed: 3');
    // The file now holds what serves: reading it again changes nothing, and API changes write again.
    expect(await harness.reload(harness.file)).toMatchObject({ changed: false });
    expect((await patch(harness, 'hello', { response: { body: 'patched' } })).status).toBe(200);
    expect(readFileSync(harness.file, 'utf8')).toContain('body: patched');
  });

  it('m.reload(config, { writeBack: true }) says so when there is no file to write', async () => {
    const m = await createMimicus(configWith('object'), { dataDir: false });
    try {
      expect(await m.reload(configWith('next'), { writeBack: true })).toMatchObject({
        changed: true,
        warnings: ['not written back: this Mimicus serves a config object, not a file'],
      });
      expect(await m.reload(configWith('again'))).toMatchObject({ changed: true, warnings: [] });
    } finally {
      await m.close();
    }
  });

  it('m.reload(config, { writeBack: true }) refuses to overwrite an edit on disk, and applies nothing', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const harness = mimicus;
    const edit = CONFIG.replace('body: hi', 'body: typing');
    writeFileSync(harness.file, edit);
    const planId = harness.plan.id;
    const refused = await harness.reload(configWith('mine'), { writeBack: true }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'ConfigInvalidError', code: 'CONFIG_FILE_CHANGED', status: 409 });
    expect(harness.plan.id).toBe(planId);
    expect(await hello(harness)).toBe('hi');
    expect(readFileSync(harness.file, 'utf8')).toBe(edit);
    expect(await versions(harness)).toHaveLength(1);
  });

  it('says "restart needed" for server.port from the admin API, m.reload and the watched file, and keeps serving where it listens', async () => {
    const { logger, lines } = captureLogs();
    const yaml = CONFIG.replace('version: 2', 'version: 2\nserver: { port: 18080 }');
    mimicus = await startWithAdmin(yaml, { watch: true, logger });
    const harness = mimicus;
    const events = await listen(harness.adminUrl);
    const config = (await (await harness.api('/api/config')).json()) as Record<string, unknown>;

    const put = await harness.api('/api/config', { method: 'PUT', json: { ...config, server: { port: 18081 } } });
    expect([put.status, put.headers.get('x-mimicus-restart-needed')]).toEqual([200, 'server.port']);
    expect(await harness.reload(configWith('hi', { server: { port: 18082, host: '127.0.0.2' } }))).toMatchObject({
      changed: true,
      restartNeeded: ['server.port', 'server.host'],
    });
    writeFileSync(harness.file, yaml.replace('18080', '18083'));
    await until(
      () => applied(events).length,
      (count) => count === 3,
    );
    // Back to what it started with: nothing waits for a restart any more.
    expect(await harness.reload(configWith('hi', { server: { port: 18080 } }))).toMatchObject({ changed: true, restartNeeded: [] });
    await until(
      () => applied(events).length,
      (count) => count === 4,
    );

    expect(applied(events).map((data) => [data.source, data.restartNeeded])).toEqual([
      ['api', ['server.port']],
      ['programmatic', ['server.port', 'server.host']],
      ['file', ['server.port']],
      ['programmatic', undefined],
    ]);
    const warnings = events.filter((event) => event.type === 'warning' && event.data.code === 'RESTART_NEEDED');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]!.data.message).toMatch(/^restart needed: server\.port changed/);
    expect(lines.filter((line) => Array.isArray(line.settings)).map((line) => line.settings)).toEqual([
      ['server.port'],
      ['server.port', 'server.host'],
      ['server.port'],
    ]);
    expect(await hello(harness)).toBe('hi');
  });

  it('answers every refused change the same way, applies nothing of it, and keeps serving', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const harness = mimicus;
    const events = await listen(harness.adminUrl);
    const invalid = await harness.api('/api/config', {
      method: 'PUT',
      json: { version: 2, endpoints: [{ id: 'x', path: 'no-slash', response: { body: 'x' } }] },
    });
    expect((await expectProblem(invalid, 400, 'CONFIG_INVALID')).issues).toEqual([expect.objectContaining({ path: 'endpoints[0].path', id: 'x' })]);
    // A config sent through the API may not widen what files are read.
    const reach = await harness.api('/api/import', { method: 'POST', json: { version: 2, server: { fileRoots: ['/'] }, endpoints: [] } });
    expect((await expectProblem(reach, 400, 'CONFIG_INVALID')).issues).toEqual([expect.objectContaining({ path: 'server.fileRoots' })]);
    await expect(harness.reload({ version: 2, endpoints: [{ id: 'x', path: 'no-slash', response: { body: 'x' } }] })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      issues: [expect.objectContaining({ path: 'endpoints[0].path' })],
    });
    writeFileSync(harness.file, 'version: 2\nendpoints: [ {');
    await expectProblem(await harness.api('/api/config/reload', { method: 'POST' }), 400, 'CONFIG_INVALID');
    await until(
      () => events.filter((event) => event.type === 'config.rejected').length,
      (count) => count === 4,
    );
    expect(events.filter((event) => event.type === 'config.rejected').map((event) => event.data.source)).toEqual(['api', 'import', 'programmatic', 'reload']);
    expect(applied(events)).toEqual([]);
    expect(await versions(harness)).toHaveLength(1);
    expect(await hello(harness)).toBe('hi');
  });
});
