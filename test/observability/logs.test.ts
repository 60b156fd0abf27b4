import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const ENDPOINTS = `
endpoints:
  - id: slow
    method: GET
    path: /slow/{id}
    latency: { fixed: 15ms }
    response: { body: ok }
  - id: broken
    path: /broken
    errors: [ { rate: 1, status: 503 } ]
    response: { body: ok }
`;

async function get(path: string, headers: Record<string, string> = {}): Promise<void> {
  await (await fetch(`${mimicus!.url}${path}`, { headers })).arrayBuffer();
}

/** Access lines are written once the response was handed to the socket, so they may trail the client by a tick. */
async function accessLines(lines: Array<Record<string, unknown>>, count: number) {
  for (let i = 0; i < 50 && lines.filter((line) => line.log === 'access').length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return lines.filter((line) => line.log === 'access');
}

describe('access log', () => {
  it('logs one info line per data-plane request with what was applied', async () => {
    const { logger, lines } = captureLogs();
    mimicus = await startMimicus(`version: 2\nobservability: { accessLog: true }\n${ENDPOINTS}`, { logger, dataDir: false });
    await get('/slow/1', { 'x-mimicus-session': 'cart-42' });
    await get('/broken');
    await get('/nowhere');
    const [slow, broken, unmatched] = await accessLines(lines, 3);
    expect(slow).toMatchObject({
      level: 30,
      log: 'access',
      method: 'GET',
      path: '/slow/1',
      status: 200,
      endpoint: 'slow',
      delayMs: 15,
      session: 'cart-42',
      msg: expect.stringMatching(/^GET \/slow\/1 200 [\d.]+ ms$/),
    });
    expect(slow!.durationMs as number).toBeGreaterThanOrEqual(14);
    expect(slow).not.toHaveProperty('fault');
    expect(broken).toMatchObject({ path: '/broken', status: 503, endpoint: 'broken', fault: 'status:503', delayMs: 0, session: '127.0.0.1' });
    expect(unmatched).toMatchObject({ path: '/nowhere', status: 404 });
    expect(unmatched).not.toHaveProperty('endpoint');
    expect(typeof unmatched!.time).toBe('number');
  });

  it('writes no access lines unless observability.accessLog is true', async () => {
    const { logger, lines } = captureLogs();
    mimicus = await startMimicus(`version: 2\n${ENDPOINTS}`, { logger, dataDir: false });
    await get('/slow/1');
    await get('/broken');
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.filter((line) => line.log === 'access')).toEqual([]);
    expect(lines.some((line) => line.path === '/broken')).toBe(false);
  });
});

describe('settings read at start', () => {
  it('says that a reloaded access log or tracing block applies at the next start, and keeps the running settings', async () => {
    const { logger, lines } = captureLogs();
    mimicus = await startMimicus(`version: 2\n${ENDPOINTS}`, { logger, dataDir: false });
    await mimicus.reload({
      version: 2,
      observability: { accessLog: true, tracing: { otlpEndpoint: 'http://127.0.0.1:9/v1/traces' } },
      endpoints: [{ id: 'hi', path: '/hi', response: { body: 'hi' } }],
    });
    expect(lines.filter((line) => line.level === 40).map((line) => line.settings)).toEqual([['observability.tracing', 'observability.accessLog']]);
    expect(await (await fetch(`${mimicus.url}/hi`)).text()).toBe('hi');
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.filter((line) => line.log === 'access')).toEqual([]);
    await mimicus.reload({ version: 2, observability: { accessLog: true, tracing: { otlpEndpoint: 'http://127.0.0.1:9/v1/traces' } }, endpoints: [] });
    expect(lines.filter((line) => line.level === 40)).toHaveLength(1);
  });
});

describe('audit log', () => {
  const audits = (lines: Array<Record<string, unknown>>) => lines.filter((line) => line.log === 'audit');

  it('logs who applied which version from where, and every rejected change with its issue count', async () => {
    const { logger, lines } = captureLogs();
    const harness = await startWithAdmin(`version: 2\n${ENDPOINTS}`, { logger });
    mimicus = harness;
    const config = (body: string) => ({ version: 2, endpoints: [{ id: 'hello', path: '/hello', response: { body } }] });

    expect((await harness.api('/api/config', { method: 'PUT', json: config('one'), headers: { 'x-change-message': 'first' } })).status).toBe(200);
    expect((await harness.api('/api/config', { method: 'PUT', json: { version: 2, endpoints: [{ id: 'x' }, { path: 7 }] } })).status).toBe(400);
    expect((await harness.api('/api/import', { method: 'POST', json: config('two') })).status).toBe(201);
    expect((await harness.api('/api/versions/2/restore', { method: 'POST' })).status).toBe(200);
    // The file holds what was written back, so reloading it unchanged records nothing: edit it first.
    expect((await harness.api('/api/config/reload', { method: 'POST' })).headers.get('x-mimicus-config-change')).toBe('unchanged');
    writeFileSync(harness.file, `version: 2\nendpoints:\n  - { id: hello, path: /hello, response: { body: from-file } }\n`);
    expect((await harness.api('/api/config/reload', { method: 'POST' })).status).toBe(200);
    await harness.reload(config('three'));
    await expect(harness.reload({ version: 2, endpoints: [{ id: 'y' }] })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });

    const trail = audits(lines);
    expect(trail.map((line) => [line.audit, line.source, line.author])).toEqual([
      ['config.applied', 'api', 'anonymous'],
      ['config.rejected', 'api', 'anonymous'],
      ['config.applied', 'import', 'anonymous'],
      ['config.applied', 'restore', 'anonymous'],
      ['config.applied', 'reload', 'anonymous'],
      ['config.applied', 'programmatic', 'programmatic'],
      ['config.rejected', 'programmatic', 'programmatic'],
    ]);
    const [applied, rejected] = trail as [Record<string, unknown>, Record<string, unknown>];
    expect(applied).toMatchObject({ level: 30, version: 2, message: 'first', summary: expect.stringContaining('+hello') });
    expect(applied.msg).toBe(`config applied by anonymous (api) as version 2: ${applied.summary as string}`);
    expect(typeof applied.time).toBe('number');
    expect(rejected).toMatchObject({ level: 40, issues: expect.any(Number), problems: expect.any(Array) });
    expect(rejected.issues as number).toBeGreaterThanOrEqual(2);
    expect(trail.filter((line) => line.audit === 'config.applied').map((line) => line.version)).toEqual([2, 3, 4, 5, 6]);
  });

  it('names the API key as the author', async () => {
    const { logger, lines } = captureLogs();
    const key = 'ci-key-0123456789abcdef0123';
    const harness = await startWithAdmin(`version: 2\nadmin:\n  apiKeys:\n    - { name: ci, key: ${key} }\n${ENDPOINTS}`, { logger });
    mimicus = harness;
    const created = await harness.api('/api/endpoints', { method: 'POST', key, json: { id: 'world', path: '/world', response: { body: 'earth' } } });
    expect(created.status).toBe(201);
    expect(audits(lines)).toEqual([expect.objectContaining({ audit: 'config.applied', author: 'ci', source: 'api', summary: 'endpoints: +world' })]);
  });
});

describe('logger', () => {
  it('writes JSON lines with level, time, service and message when given a destination', async () => {
    const { logger, lines } = captureLogs();
    const m = await createMimicus({ version: 2, endpoints: [] }, { logger, dataDir: false });
    logger.info({ answer: 42 }, 'hello');
    await m.close();
    expect(lines.at(-1)).toMatchObject({ level: 30, service: 'mimicus', answer: 42, msg: 'hello', time: expect.any(Number) });
  });
});
