import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

interface NearMissBody {
  code: string;
  status: number;
  request: { method: string; path: string };
  nearMisses: { endpoint: string; mismatches: { part: string; expected: string; actual?: string }[] }[];
}

describe('unmatched requests', () => {
  it('answers 404 with the nearest endpoints and what did not match in each', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - id: get-user
    method: GET
    path: '/api/users/{id}'
    match: { headers: { x-tenant: { regex: '^t-' } } }
    response: { body: user }
  - id: create-user
    method: POST
    path: /api/users
    response: { status: 201 }
  - { id: unrelated, path: /health, response: { body: ok } }
`);
    const res = await fetch(`${mimicus.url}/api/users/1`, { headers: { 'x-tenant': 'acme' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('x-mimicus-error')).toBe('ROUTE_NOT_MATCHED');
    const body = (await res.json()) as NearMissBody;
    expect(body.code).toBe('ROUTE_NOT_MATCHED');
    expect(body.request).toEqual({ method: 'GET', path: '/api/users/1' });
    expect(body.nearMisses[0]!.endpoint).toBe('get-user');
    expect(body.nearMisses[0]!.mismatches).toEqual([expect.objectContaining({ part: 'headers.x-tenant', actual: 'acme' })]);

    const wrongMethod = (await (await fetch(`${mimicus.url}/api/users`, { method: 'PUT' })).json()) as NearMissBody;
    expect(wrongMethod.nearMisses[0]!.endpoint).toBe('create-user');
    expect(wrongMethod.nearMisses[0]!.mismatches.map((m) => m.part)).toEqual(['method']);
  });

  it('ranks an endpoint of the same resource first when the prefix is wrong or missing', async () => {
    mimicus = await startMimicus(`
      version: 2
      endpoints:
        - { id: charges, method: POST, path: /api/charges, response: { status: 201 } }
        - { id: charge, method: GET, path: "/api/charges/{id}", response: { body: x } }
        - { id: v1-health, method: GET, path: /v1/health, response: { body: ok } }
        - { id: v1-refunds, method: POST, path: /v1/refunds, response: { body: ok } }
    `);
    for (const path of ['/v1/charges', '/charges']) {
      const response = await fetch(`${mimicus.url}${path}`, { method: 'POST' });
      const body = (await response.json()) as { nearMisses: { endpoint: string; mismatches: { part: string }[] }[] };
      expect(body.nearMisses[0]).toMatchObject({ endpoint: 'charges', mismatches: [{ part: 'path' }] });
    }
  });

  it('serves the configured catch-all instead when there is one', async () => {
    mimicus = await startMimicus(`
version: 2
server:
  unmatched:
    response: { status: 418, template: true, body: 'no {{request.path}}' }
endpoints: []
`);
    const res = await fetch(`${mimicus.url}/x/y`);
    expect(res.status).toBe(418);
    expect(await res.text()).toBe('no /x/y');
  });

  it('leaves the near misses out when nearMisses is false', async () => {
    mimicus = await startMimicus(`
version: 2
server: { unmatched: { nearMisses: false } }
endpoints: [ { id: a, path: /a, response: { body: a } } ]
`);
    const body = (await (await fetch(`${mimicus.url}/b`)).json()) as Partial<NearMissBody>;
    expect(body.code).toBe('ROUTE_NOT_MATCHED');
    expect(body.nearMisses).toBeUndefined();
  });

  it('answers a 404 flood on 20,000 endpoints without starving a matched request', async () => {
    mimicus = await createMimicus(
      {
        version: 2,
        endpoints: Array.from({ length: 20_000 }, (_, i) => ({
          id: `e${i}`,
          method: 'GET',
          path: `/api/svc${i % 100}/items${i}/{id}`,
          response: { body: `item ${i}` },
        })),
      },
      { dataDir: false },
    );
    await mimicus.listen(0, '127.0.0.1');
    const url = mimicus.url;
    const unmatched = async (i: number) => {
      const res = await fetch(`${url}/api/svc${i % 100}/itemz${i}/7`);
      return { status: res.status, body: (await res.json()) as NearMissBody };
    };
    await unmatched(0); // warm-up
    // 16 clients, each sending unmatched requests back to back. Each once scored all 20,000
    // endpoints (~170 ms apiece), so a matched request waited behind them for seconds.
    const flood = Array.from({ length: 16 }, async (_, client) => {
      const answers = [];
      for (let k = 0; k < 10; k++) answers.push(await unmatched(client * 10 + k));
      return answers;
    });
    let matchedMs = 0;
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      const matched = await fetch(`${url}/api/svc7/items107/42`);
      expect(await matched.text()).toBe('item 107');
      matchedMs = Math.max(matchedMs, performance.now() - started);
    }
    const answers = (await Promise.all(flood)).flat();
    expect(answers.length).toBe(160);
    expect(answers.every((answer) => answer.status === 404)).toBe(true);
    // still useful: the near misses of a typo come from its own service
    const nearSvc7 = answers[7]!.body.nearMisses as unknown as { path: string }[];
    expect(nearSvc7.length).toBeGreaterThan(0);
    expect(nearSvc7.every((miss) => miss.path.startsWith('/api/svc7/'))).toBe(true);
    expect(matchedMs).toBeLessThan(1000);
  }, 120_000);
});
