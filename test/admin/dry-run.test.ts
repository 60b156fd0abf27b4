import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const CONFIG = `version: 2
defaults:
  latency: { fixed: 20ms }
endpoints:
  - id: get-user
    method: GET
    path: /users/{id}
    match: { headers: { x-tenant: acme } }
    errors: [ { rate: 0.25, status: 503 }, { rate: 0.05, kind: reset } ]
    rateLimit: { rate: 5/s, burst: 10, key: session }
    response:
      status: 200
      headers: { x-user: "{{request.params.id}}" }
      json: { id: "{{request.params.id}}", page: "{{request.query.page}}", name: "{{request.body.name}}" }
      template: true
  - id: orders
    method: GET
    path: /orders
    schedule:
      windows:
        - name: christmas
          dates: { from: "2026-12-24", to: "2026-12-26" }
          status: 503
          latency: { fixed: 2s }
    response: { json: { orders: [] } }
  - id: counter
    method: GET
    path: /counter
    response: { template: true, body: '{{state.inc "hits" 1}}' }
`;

const post = (harness: AdminHarness, path: string, json: unknown) => harness.api(path, { method: 'POST', json });

describe('admin API: match (dry run)', () => {
  it('names the endpoint that would answer, its path parameters and the behaviors in force, touching nothing', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const response = await post(mimicus, '/api/match', { method: 'get', path: '/users/42?page=2', headers: { 'X-Tenant': 'acme' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      matched: true,
      endpoint: { id: 'get-user', methods: ['GET'], path: '/users/{id}' },
      params: { id: '42' },
      behaviors: {
        latency: expect.stringContaining('20'),
        faults: [
          { label: expect.stringContaining('503'), rate: 0.25 },
          { label: 'reset', rate: 0.05 },
        ],
        rateLimit: { quota: 5, windowSeconds: 1, burst: 10, key: 'session', bucket: 'endpoint:get-user' },
        sharedLimits: [],
      },
      stateConsulted: true,
    });
    expect(await mimicus.journal.count()).toBe(0);
  });

  it('reports the active schedule window', async () => {
    mimicus = await startWithAdmin(CONFIG, { clockStart: new Date('2026-12-25T12:00:00Z') });
    const report = (await (await post(mimicus, '/api/match', { method: 'GET', path: '/orders' })).json()) as { behaviors: Record<string, unknown> };
    expect(report.behaviors).toMatchObject({ window: 'christmas', latency: expect.stringContaining('2000') });
    const status = (await (await mimicus.api('/api/status')).json()) as { activeWindows: unknown };
    expect(status.activeWindows).toEqual([{ endpoint: 'orders', window: 'christmas' }]);
  });

  it('lists the near misses of a request nothing matches', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const response = await post(mimicus, '/api/match', { method: 'GET', path: '/users/42' });
    const report = (await response.json()) as { matched: boolean; nearMisses: { endpoint: string; mismatches: { part: string }[] }[] };
    expect(report.matched).toBe(false);
    expect(report.nearMisses[0]).toMatchObject({ endpoint: 'get-user', mismatches: [{ part: 'headers.x-tenant' }] });
    await expectProblem(await post(mimicus, '/api/match', { method: 'GET' }), 400, 'ADMIN_REQUEST_INVALID');
    // A misspelt field is refused, not silently dropped (the caller would think it was used).
    const misspelt = await expectProblem(
      await post(mimicus, '/api/match', { method: 'GET', path: '/users/42', header: { 'x-tenant': 'acme' } }),
      400,
      'ADMIN_REQUEST_INVALID',
    );
    expect(JSON.stringify(misspelt)).toContain('header');
  });
});

describe('admin API: preview', () => {
  it("renders a saved templated endpoint's response for a sample request", async () => {
    mimicus = await startWithAdmin(CONFIG);
    const response = await post(mimicus, '/api/preview', {
      endpoint: 'get-user',
      request: { method: 'GET', path: '/users/7', query: { page: '3' }, headers: { 'x-tenant': 'acme' }, body: { name: 'ada' } },
    });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as { status: number; headers: Record<string, string>; body: string; behaviors: { faults: unknown[] } };
    expect(preview).toMatchObject({ endpoint: 'get-user', status: 200, bodyEncoding: 'utf8' });
    expect(preview.headers['x-user']).toBe('7');
    expect(JSON.parse(preview.body)).toEqual({ id: 7, page: 3, name: 'ada' });
    expect(preview.behaviors.faults).toHaveLength(2);
    expect(await mimicus.journal.count()).toBe(0);
  });

  it("applies the active window's status", async () => {
    mimicus = await startWithAdmin(CONFIG, { clockStart: new Date('2026-12-25T12:00:00Z') });
    const preview = (await (await post(mimicus, '/api/preview', { endpoint: 'orders', request: { method: 'GET', path: '/orders' } })).json()) as Record<
      string,
      unknown
    >;
    expect(preview).toMatchObject({ status: 503, body: '{"orders":[]}', behaviors: { window: 'christmas' } });
  });

  it('renders an unsaved definition with the config defaults, without saving it', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const definition = {
      id: 'draft',
      method: 'POST',
      path: '/drafts/{slug}',
      response: { status: 201, template: true, json: { slug: '{{request.params.slug}}' } },
    };
    const response = await post(mimicus, '/api/preview', { definition, request: { method: 'POST', path: '/drafts/hello' } });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as { status: number; body: string; headers: Record<string, string>; behaviors: { latency?: string } };
    expect(preview.status).toBe(201);
    expect(JSON.parse(preview.body)).toEqual({ slug: 'hello' });
    expect(preview.headers['content-type']).toMatch(/json/);
    expect(preview.behaviors.latency).toContain('20');
    expect((await mimicus.api('/api/endpoints/draft')).status).toBe(404);
  });

  it('answers 400 with every issue of an invalid definition, and refuses what it cannot preview', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const invalid = await expectProblem(
      await post(mimicus, '/api/preview', { definition: { id: 'bad', method: 'GRAB', response: { status: 'x' } }, request: { method: 'GET', path: '/' } }),
      400,
      'CONFIG_INVALID',
    );
    const issues = invalid.issues as { path: string }[];
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.every((issue) => issue.path.startsWith('definition'))).toBe(true);

    await expectProblem(await post(mimicus, '/api/preview', { endpoint: 'nope', request: { method: 'GET', path: '/' } }), 404, 'ENDPOINT_NOT_FOUND');
    await expectProblem(await post(mimicus, '/api/preview', { request: { method: 'GET', path: '/' } }), 400, 'ADMIN_REQUEST_INVALID');
    await expectProblem(await post(mimicus, '/api/preview', { endpoint: 'counter', request: { method: 'GET', path: '/counter' } }), 400, 'PREVIEW_UNSUPPORTED');
  });
});

describe('admin API: latency preview', () => {
  type Preview = { label: string; percentiles: Record<string, number>; bins: { fromMs: number; toMs: number; probability: number }[] };

  it('gives the percentiles and binned probabilities of a latency block', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const response = await post(mimicus, '/api/latency/preview', { latency: { lognormal: { median: '120ms', sigma: 0.5 }, max: '2s' } });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.label).toContain('lognormal');
    expect(preview.percentiles.p50).toBeCloseTo(120, 3);
    // A lognormal's p99 is median·e^(2.326σ).
    expect(preview.percentiles.p99).toBeCloseTo(120 * Math.exp(2.3263 * 0.5), 0);
    expect(preview.bins).toHaveLength(40);
    const total = preview.bins.reduce((sum, bin) => sum + bin.probability, 0);
    expect(total).toBeCloseTo(0.998, 2);
    const peak = preview.bins.reduce((best, bin) => (bin.probability > best.probability ? bin : best));
    expect(peak.toMs).toBeLessThan(120);
  });

  it('shows a fixed delay as one certain bin, and names the field of an invalid block', async () => {
    mimicus = await startWithAdmin(CONFIG);
    const fixed = (await (await post(mimicus, '/api/latency/preview', { latency: { fixed: '20ms' } })).json()) as Preview;
    expect(fixed.percentiles).toMatchObject({ p50: 20, p99: 20 });
    expect(fixed.bins).toEqual([{ fromMs: 20, toMs: 20, probability: 1 }]);
    const invalid = await expectProblem(
      await post(mimicus, '/api/latency/preview', { latency: { uniform: { min: '50ms', max: '10ms' } } }),
      400,
      'CONFIG_INVALID',
    );
    expect(JSON.stringify(invalid.issues)).toContain('latency.uniform');
  });
});
