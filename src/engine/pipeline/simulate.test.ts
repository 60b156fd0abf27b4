import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { validateConfigObject } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import { compilePlan, type MockRequest, type Plan } from '../../plan/index.js';
import { simulate } from './simulate.js';

async function planOf(endpoints: unknown[], extra: Record<string, unknown> = {}): Promise<Plan> {
  const validated = validateConfigObject({ version: 2, ...extra, endpoints });
  if (!validated.ok) throw new Error(JSON.stringify(validated.error));
  const readFile = (path: string) => Promise.resolve({ ok: false as const, error: `no file reads in this test (${path})` });
  const plan = await compilePlan({ config: validated.value, baseDir: tmpdir() }, { readFile, now: () => 0, seed: 7 });
  if (!plan.ok) throw new Error(JSON.stringify(plan.error));
  return plan.value;
}

const get = (path: string): MockRequest => ({
  method: 'GET',
  path,
  url: path,
  query: {},
  headers: {},
  cookies: {},
  params: {},
  bodyText: '',
  bodyJson: undefined,
});

describe('simulate (the dry run over the pipeline stages)', () => {
  it('answers the first step of a sequence and the first variant every time, drawing nothing from the PRNG', async () => {
    const plan = await planOf([
      { id: 'steps', path: '/steps', sequence: { responses: [{ status: 201 }, { status: 202 }], after: '404' } },
      {
        id: 'mixed',
        path: '/mixed',
        variants: [
          { id: 'first', weight: 1, response: { status: 200 } },
          { id: 'second', weight: 99, response: { status: 500 } },
        ],
      },
    ]);
    const twin = await planOf([
      { id: 'steps', path: '/steps', sequence: { responses: [{ status: 201 }, { status: 202 }], after: '404' } },
      {
        id: 'mixed',
        path: '/mixed',
        variants: [
          { id: 'first', weight: 1, response: { status: 200 } },
          { id: 'second', weight: 99, response: { status: 500 } },
        ],
      },
    ]);
    for (let i = 0; i < 3; i++) {
      const steps = await simulate({ plan, request: get('/steps'), scheduleNow: 0, produce: true });
      expect(steps.kind === 'matched' && steps.answer?.response.status).toBe(201);
      const mixed = await simulate({ plan, request: get('/mixed'), scheduleNow: 0, produce: true });
      expect(mixed.kind === 'matched' && [mixed.answer?.response.status, mixed.answer?.applied?.variant]).toEqual([200, 'first']);
    }
    // The same seed gives the same next draw: the dry runs above took none.
    expect(plan.random.next()).toBe(twin.random.next());
  });

  it('takes no rate-limit token and draws no fault, however often it runs', async () => {
    const plan = await planOf([
      { id: 'limited', path: '/limited', rateLimit: { rate: '1/s', burst: 1 }, errors: [{ rate: 1, status: 503 }], response: { status: 200 } },
    ]);
    for (let i = 0; i < 5; i++) {
      const simulation = await simulate({ plan, request: get('/limited'), scheduleNow: 0, produce: true });
      expect(simulation.kind === 'matched' && simulation.answer?.response.status).toBe(200);
      expect(simulation.kind === 'matched' && simulation.answer?.response.headers.some((name) => /^ratelimit/i.test(name))).toBe(false);
    }
  });

  it('refuses what would need the state store, before producing anything', async () => {
    const plan = await planOf([
      { id: 'counter', path: '/counter', response: { template: true, body: '{{state.inc "hits" 1}}' } },
      { id: 'items', path: '/items', crud: { collection: 'items' } },
    ]);
    for (const path of ['/counter', '/items']) {
      const refused = simulate({ plan, request: get(path), scheduleNow: 0, produce: true });
      await expect(refused).rejects.toBeInstanceOf(AppError);
      await expect(refused).rejects.toMatchObject({ code: 'PREVIEW_UNSUPPORTED' });
    }
    // Deciding alone (a match report) needs no store.
    expect((await simulate({ plan, request: get('/counter'), scheduleNow: 0, produce: false })).kind).toBe('matched');
  });

  it('refuses a proxy responder: a preview never calls the upstream', async () => {
    const plan = await planOf([{ id: 'api', path: '/api/**', proxy: { upstream: 'backend' } }], {
      upstreams: [{ id: 'backend', targets: [{ url: 'http://127.0.0.1:9' }] }],
    });
    const refused = simulate({ plan, request: get('/api/x'), scheduleNow: 0, produce: true });
    await expect(refused).rejects.toMatchObject({ code: 'PREVIEW_UNSUPPORTED' });
    expect((await simulate({ plan, request: get('/api/x'), scheduleNow: 0, produce: false })).kind).toBe('matched');
  });

  it('reads path parameters off the given endpoint when another one would answer', async () => {
    const plan = await planOf([
      { id: 'any', path: '/users/**', response: { status: 404 } },
      { id: 'user', method: 'POST', path: '/users/{id}', response: { template: true, body: 'user {{request.params.id}}' } },
    ]);
    const user = plan.endpoints.find((endpoint) => endpoint.id === 'user')!;
    const simulation = await simulate({ plan, endpoint: user, request: get('/users/a%20b'), scheduleNow: 0, produce: true });
    expect(simulation.kind === 'matched' && [simulation.params, String(simulation.answer?.response.body)]).toEqual([{ id: 'a b' }, 'user a b']);
  });
});
