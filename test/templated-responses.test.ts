import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const FIXED_NOW = Date.parse('2026-01-05T08:00:00.000Z');

describe('templated responses', () => {
  it('renders the request into body and headers', async () => {
    mimicus = await startMimicus(
      `
version: 2
endpoints:
  - id: echo
    method: POST
    path: '/users/{id}'
    response:
      template: true
      headers: { x-user: 'u-{{request.params.id}}' }
      body: '{{request.method}} {{request.params.id}} {{request.query.q}} {{request.headers.x-a}} {{request.cookies.sid}} {{request.body.name}} {{now}}'
`,
      { now: () => FIXED_NOW },
    );
    const res = await fetch(`${mimicus.url}/users/7?q=search`, {
      method: 'POST',
      headers: { 'x-a': 'A', cookie: 'sid=s1', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    expect(res.headers.get('x-user')).toBe('u-7');
    expect(await res.text()).toBe('POST 7 search A s1 Ada 2026-01-05T08:00:00.000Z');
  });

  it('replays the same faker and uuid values for the same seed', async () => {
    const yaml = `
version: 2
server: { seed: 1234 }
endpoints:
  - id: person
    path: /person
    response: { template: true, body: '{{faker "person.fullName"}} {{uuid}} {{randomInt 1 1000}}' }
`;
    const bodies: string[][] = [];
    for (let run = 0; run < 2; run++) {
      mimicus = await startMimicus(yaml);
      const texts: string[] = [];
      for (let i = 0; i < 3; i++) texts.push(await (await fetch(`${mimicus.url}/person`)).text());
      bodies.push(texts);
      await mimicus.close();
      mimicus = undefined;
    }
    expect(bodies[0]).toEqual(bodies[1]);
    expect(new Set(bodies[0]).size).toBe(3);
  });

  it('answers a header value node:http refuses with a marked 500 and keeps serving', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - id: echo-header
    path: /echo
    latency: { fixed: 5ms }
    response: { template: true, headers: { x-echo: '{{request.query.v}}' }, body: ok }
`);
    const bad = await fetch(`${mimicus.url}/echo?v=${encodeURIComponent('a\r\nx-injected: 1')}`);
    expect(bad.status).toBe(500);
    expect(bad.headers.get('x-mimicus-error')).toBe('INTERNAL');
    expect(bad.headers.get('x-injected')).toBeNull();
    const good = await fetch(`${mimicus.url}/echo?v=fine`);
    expect(good.headers.get('x-echo')).toBe('fine');
  });

  it('answers a helper failure with a 500 problem naming the endpoint and the helper', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints:
  - id: broken
    path: /broken
    response: { template: true, body: '{{jsonPath request.body request.query.path}}' }
`);
    const broken = () => fetch(`${mimicus!.url}/broken?path=${encodeURIComponent('$[?(')}`, { method: 'POST', body: '{"a":1}' });
    const res = await broken();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('x-mimicus-error')).toBe('TEMPLATE_RENDER_FAILED');
    const problem = (await res.json()) as { code: string; endpoint: string; detail: string };
    expect(problem.code).toBe('TEMPLATE_RENDER_FAILED');
    expect(problem.endpoint).toBe('broken');
    expect(problem.detail).toMatch(/helper "jsonPath"/);
    // the server keeps serving
    expect((await broken()).status).toBe(500);
  });
});
