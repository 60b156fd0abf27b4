import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const CONFIG = `version: 2
server: { maxBodySize: 2MiB }
endpoints:
  - id: nested
    path: /nested
    response: { template: true, body: '{{#repeat 10000}}{{#repeat 10000}}x{{/repeat}}{{/repeat}}' }
  - id: echo-repeat
    method: POST
    path: /echo-repeat
    response: { template: true, body: '{{repeat request.body.s request.body.n}}' }
  - id: each-squared
    method: POST
    path: /each-squared
    response: { template: true, body: '{{#each request.body}}{{#each @root.request.body}}.{{/each}}{{/each}}' }
  - id: section
    method: POST
    path: /section
    response: { template: true, body: '{{#request.body}}.{{/request.body}}' }
  - id: words
    method: POST
    path: /words
    response: { template: true, body: '{{faker "lorem.words" request.body.n}}' }
  - id: small
    path: /small
    response: { template: true, body: '[{{#repeat 3 separator=","}}{{@index}}{{/repeat}}]' }
  - id: ok
    path: /ok
    response: { body: ok }
`;

async function problem(res: Response): Promise<{ status: number; code: string | null; detail: string; endpoint: string }> {
  const body = (await res.json()) as { detail: string; endpoint: string };
  return { status: res.status, code: res.headers.get('x-mimicus-error'), detail: body.detail, endpoint: body.endpoint };
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('template render budget', () => {
  it('stops nested repeats at maxIterations with a marked 500, quickly, while other requests go on', async () => {
    mimicus = await startMimicus(CONFIG);
    const startedAt = performance.now();
    const [nested, ok] = await Promise.all([fetch(`${mimicus.url}/nested`), fetch(`${mimicus.url}/ok`)]);
    const tookMs = performance.now() - startedAt;
    expect(await problem(nested)).toEqual({
      status: 500,
      code: 'TEMPLATE_LIMIT_EXCEEDED',
      detail: expect.stringContaining('more than 100000 block iterations in one render (server.templateLimits.maxIterations)'),
      endpoint: 'nested',
    });
    expect(await ok.text()).toBe('ok');
    // It ran 100 million iterations (34 s) before the budget.
    expect(tookMs).toBeLessThan(2000);
    expect(await (await fetch(`${mimicus.url}/small`)).text()).toBe('[0,1,2]');
  });

  it('refuses an inline repeat of a request string before building it (maxOutputBytes)', async () => {
    mimicus = await startMimicus(CONFIG);
    const res = await post(`${mimicus.url}/echo-repeat`, { s: 'x'.repeat(100_000), n: 10_000 });
    expect(await problem(res)).toMatchObject({
      status: 500,
      code: 'TEMPLATE_LIMIT_EXCEEDED',
      detail: expect.stringContaining('more than 10485760 bytes in one render (server.templateLimits.maxOutputBytes)'),
    });
    expect(await (await post(`${mimicus.url}/echo-repeat`, { s: 'ab', n: 3 })).text()).toBe('ababab');
  });

  it('bounds each over a huge request array, and a {{#section}} over one', async () => {
    mimicus = await startMimicus(CONFIG);
    const zeros = new Array<number>(200_000).fill(0);
    expect(await problem(await post(`${mimicus.url}/each-squared`, zeros))).toMatchObject({ status: 500, code: 'TEMPLATE_LIMIT_EXCEEDED' });
    expect(await problem(await post(`${mimicus.url}/section`, zeros))).toMatchObject({ status: 500, code: 'TEMPLATE_LIMIT_EXCEEDED' });
    expect(await (await post(`${mimicus.url}/section`, [1, 2, 3])).text()).toBe('...');
  });

  it('counts faker word counts from the request as iterations', async () => {
    mimicus = await startMimicus(CONFIG);
    expect(await problem(await post(`${mimicus.url}/words`, { n: 100_000_000 }))).toMatchObject({ status: 500, code: 'TEMPLATE_LIMIT_EXCEEDED' });
    expect((await (await post(`${mimicus.url}/words`, { n: 3 })).text()).split(' ')).toHaveLength(3);
  });

  it('takes its limits from server.templateLimits', async () => {
    mimicus = await startMimicus(`version: 2
server: { templateLimits: { maxIterations: 5, maxOutputBytes: 8B } }
endpoints:
  - { id: loop, path: '/loop/{n}', response: { template: true, body: '{{#repeat request.params.n}}a{{/repeat}}' } }
  - { id: long, path: '/long/{s}', response: { template: true, body: '{{repeat request.params.s 2}}' } }
`);
    expect(await (await fetch(`${mimicus.url}/loop/5`)).text()).toBe('aaaaa');
    expect(await problem(await fetch(`${mimicus.url}/loop/6`))).toMatchObject({
      code: 'TEMPLATE_LIMIT_EXCEEDED',
      detail: expect.stringContaining('5 block iterations'),
    });
    expect(await (await fetch(`${mimicus.url}/long/bbbb`)).text()).toBe('bbbbbbbb');
    expect(await problem(await fetch(`${mimicus.url}/long/bbbbb`))).toMatchObject({
      code: 'TEMPLATE_LIMIT_EXCEEDED',
      detail: expect.stringContaining('more than 8 bytes'),
    });
  });
});
