import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
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
    expect(body.nearMisses[0]!.mismatches).toEqual([
      expect.objectContaining({ part: 'headers.x-tenant', actual: 'acme' }),
    ]);

    const wrongMethod = (await (await fetch(`${mimicus.url}/api/users`, { method: 'PUT' })).json()) as NearMissBody;
    expect(wrongMethod.nearMisses[0]!.endpoint).toBe('create-user');
    expect(wrongMethod.nearMisses[0]!.mismatches.map((m) => m.part)).toEqual(['method']);
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
});
