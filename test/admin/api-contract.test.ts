import { request as httpRequest } from 'node:http';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  EventStreamMessageSchema,
  JournalEntrySchema,
  JournalListSchema,
  LatencyPreviewSchema,
  MatchReportSchema,
  MetricsSnapshotSchema,
  PreviewResponseSchema,
  ProblemSchema,
  RecordedVersionSchema,
  ServerStatusSchema,
  StateListSchema,
  VersionDetailSchema,
  VersionListSchema,
  WorkflowStateListSchema,
  type EventStreamMessage,
  type JournalEntry,
  type JournalList,
} from '../../src/contract/index.js';
import { startWithAdmin, type AdminHarness } from './admin-harness.js';

/** ajv-formats is CommonJS; under NodeNext its default import is the module object. */
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

// Closed objects: a field the server sends and the contract does not list fails here, so the
// contract stays complete (Fastify's response schemas would drop such a field silently).
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === 'properties' || key === 'patternProperties' ? mapValues(value as object) : closed(value)]),
  );
  if (copy.type === 'object' && copy.properties !== undefined && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}
const mapValues = (properties: object) => Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, closed(value)]));

const validators = new Map<unknown, ValidateFunction>();
function expectValid(schema: unknown, value: unknown): void {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(closed(schema) as object)));
  const valid = validate(value);
  expect(valid ? [] : validate.errors, JSON.stringify(value).slice(0, 2000)).toEqual([]);
}

const CONFIG = `version: 2
workflows:
  - id: order
    endpoints: [ship]
    scope: global
    states:
      initial: created
      transitions:
        - { on: ship, from: created, to: shipped }
endpoints:
  - id: tagged
    method: GET
    path: /tagged
    latency: { fixed: 1ms }
    response:
      status: 200
      headers: { x-tag: [first, second], content-type: text/plain }
      body: hi
  - id: visit
    method: POST
    path: /visit
    state: { inc: [visits], set: { last: '{{request.query.who}}' } }
    response: { status: 204 }
  - { id: ship, method: POST, path: /ship, response: { status: 200 } }
`;

let mimicus: AdminHarness | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await mimicus?.close();
  mimicus = undefined;
});

/** A data-plane GET that sends `x-seen` and `set-cookie` twice each (node joins the first, keeps the second a list). */
function getWithRepeatedHeaders(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { 'x-seen': ['a', 'b'], 'set-cookie': ['one=1', 'two=2'] } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

async function json(response: Response): Promise<unknown> {
  expect(response.ok, `${response.url}: ${response.status}`).toBe(true);
  return response.json();
}

describe('the API contract (src/contract)', () => {
  it('describes what a running server answers: status, metrics, versions, state, dry runs, problems', async () => {
    mimicus = await startWithAdmin(CONFIG, { admin: { port: 0, host: '127.0.0.1' }, dataDir: false });
    const api = mimicus.api;
    await fetch(`${mimicus.url}/tagged`);
    await fetch(`${mimicus.url}/visit?who=ada`, { method: 'POST' });
    await fetch(`${mimicus.url}/ship`, { method: 'POST' });
    await fetch(`${mimicus.url}/nowhere`);

    expectValid(ServerStatusSchema, await json(await api('/api/status')));
    // The OpenAPI description shows the contract's schemas as the routes' answers.
    const openapi = (await json(await api('/api/openapi.json'))) as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
    };
    const answer = (path: string, method = 'get', status = '200') => openapi.paths[path]?.[method]?.responses[status]?.content['application/json']?.schema;
    expect(answer('/api/metrics')).toMatchObject({ properties: { generatedAt: { format: 'date-time' }, warnings: { type: 'array' } } });
    expect(answer('/api/requests/{id}')).toMatchObject({ properties: { request: { properties: { headers: { type: 'object' } } } } });
    expect(answer('/api/state')).toMatchObject({ properties: { items: { items: { required: ['scope', 'kind', 'name', 'value'] } } } });
    expectValid(MetricsSnapshotSchema, await json(await api('/api/metrics')));

    expect((await api('/api/endpoints/tagged', { method: 'PATCH', json: { description: 'two tags' } })).status).toBe(200);
    const versions = await json(await api('/api/versions'));
    expectValid(VersionListSchema, versions);
    const latest = (versions as { items: { id: number }[] }).items[0]!.id;
    expectValid(VersionDetailSchema, await json(await api(`/api/versions/${latest}`)));
    expectValid(VersionDetailSchema, await json(await api(`/api/versions/${latest}?against=1`)));
    expectValid(RecordedVersionSchema, await json(await api('/api/versions/1/restore', { method: 'POST' })));

    await api('/api/state/session:abc/cart', { method: 'PUT', json: { value: { items: [1, 2] } } });
    const state = (await json(await api('/api/state'))) as { items: { kind: string }[] };
    expectValid(StateListSchema, state);
    expect(new Set(state.items.map((entry) => entry.kind))).toEqual(new Set(['var', 'wf']));
    const workflowState = await json(await api('/api/workflows/order/state'));
    expectValid(WorkflowStateListSchema, workflowState);
    expect(workflowState).toEqual({ items: [{ scope: 'global', state: 'shipped' }] });

    const matched = await json(await api('/api/match', { method: 'POST', json: { method: 'GET', path: '/tagged' } }));
    expectValid(MatchReportSchema, matched);
    expect(matched).toMatchObject({ matched: true, endpoint: { id: 'tagged' } });
    const missed = await json(await api('/api/match', { method: 'POST', json: { method: 'GET', path: '/taged' } }));
    expectValid(MatchReportSchema, missed);
    expect(missed).toMatchObject({ matched: false });
    const preview = await json(await api('/api/preview', { method: 'POST', json: { endpoint: 'tagged', request: { method: 'GET', path: '/tagged' } } }));
    expectValid(PreviewResponseSchema, preview);
    expect(preview).toMatchObject({ headers: { 'x-tag': ['first', 'second'] } });
    expectValid(
      LatencyPreviewSchema,
      await json(await api('/api/latency/preview', { method: 'POST', json: { latency: { lognormal: { median: '100ms', sigma: 0.5 } } } })),
    );

    const missing = await api('/api/versions/999');
    expect(missing.status).toBe(404);
    expectValid(ProblemSchema, await missing.json());
    const invalid = await api('/api/endpoints', { method: 'POST', json: { id: 'x', path: 'no-slash', response: { status: 99 } } });
    expect(invalid.status).toBe(400);
    const problem = await invalid.json();
    expectValid(ProblemSchema, problem);
    expect((problem as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });

  it('describes journal entries, repeated headers (lists) included', async () => {
    mimicus = await startWithAdmin(CONFIG, { admin: { port: 0, host: '127.0.0.1' }, dataDir: false });
    expect(await getWithRepeatedHeaders(`${mimicus.url}/tagged`)).toBe(200);
    await fetch(`${mimicus.url}/visit?who=ada`, { method: 'POST', body: 'x' });
    await fetch(`${mimicus.url}/nowhere`);
    let list: JournalList | undefined;
    await expect
      .poll(async () => {
        list = (await json(await mimicus!.api('/api/requests'))) as JournalList;
        return list.items.length;
      })
      .toBe(3);
    expectValid(JournalListSchema, list);

    const entries: JournalEntry[] = [];
    for (const item of list!.items) {
      const entry = await json(await mimicus.api(`/api/requests/${item.id}`));
      expectValid(JournalEntrySchema, entry);
      entries.push(entry as JournalEntry);
    }
    const tagged = entries.find((entry) => entry.path === '/tagged')!;
    // The console once typed header values as strings: a repeated header is a list.
    expect(tagged.response.headers['x-tag']).toEqual(['first', 'second']);
    expect(tagged.request.headers['x-seen']).toBe('a, b');
    const visit = entries.find((entry) => entry.path === '/visit')!;
    expect(visit.applied.stateChanges?.length).toBeGreaterThan(0);
    expect(entries.find((entry) => entry.path === '/nowhere')!.applied.nearMisses).toBeGreaterThanOrEqual(0);
  });

  it('describes every message of the event stream', async () => {
    mimicus = await startWithAdmin(CONFIG, {
      admin: { port: 0, host: '127.0.0.1', events: { metricsIntervalMs: 100 } },
      dataDir: false,
    });
    const socket = new WebSocket(`${mimicus.adminUrl.replace(/^http/, 'ws')}/api/events`);
    sockets.push(socket);
    const received: EventStreamMessage[] = [];
    socket.on('message', (data) => received.push(JSON.parse(data.toString()) as EventStreamMessage));
    await new Promise((resolve) => socket.once('open', resolve));
    const types = () => new Set<string>(received.map((message) => message.type));
    await expect.poll(() => types().has('subscribed')).toBe(true);
    socket.send(JSON.stringify({ subscribe: ['config', 'endpoint', 'workflow', 'state', 'request', 'metrics', 'warning'] }));
    await expect.poll(() => received.filter((message) => message.type === 'subscribed').length).toBe(2);

    await fetch(`${mimicus.url}/tagged`);
    await fetch(`${mimicus.url}/visit?who=ada`, { method: 'POST' });
    await mimicus.api('/api/state/global/greeting', { method: 'PUT', json: { value: 'hello' } });
    await mimicus.api('/api/endpoints', { method: 'POST', json: { id: 'extra', method: 'GET', path: '/extra', response: { status: 200 } } });
    await mimicus.api('/api/workflows/order', { method: 'PATCH', json: { description: 'orders' } });
    await mimicus.api('/api/config', { method: 'PUT', json: { version: 2, endpoints: [{ id: 'bad', path: 'no-slash' }] } });
    socket.send(JSON.stringify({ subscribe: ['nonsense'] }));

    const expected = [
      'subscribed',
      'request.completed',
      'state.changed',
      'endpoint.created',
      'workflow.updated',
      'config.applied',
      'config.rejected',
      'metrics.tick',
      'warning',
    ];
    await expect.poll(() => expected.filter((type) => !types().has(type)), { timeout: 3000 }).toEqual([]);
    for (const message of received) expectValid(EventStreamMessageSchema, message);
  });
});
