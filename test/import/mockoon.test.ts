import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { mockoonImporter } from '../../src/import/mockoon/index.js';
import { expectDeterministic, importCorpus, importText, serveImported, type Served } from './serve-imported.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.mimicus.close();
  served = undefined;
});

const serve = async (name: string) => {
  served = await serveImported(importCorpus(mockoonImporter, 'mockoon', name));
  return served;
};
/** fetch refuses a GET with a body; Mockoon rules read bodies on any method, so this sends one. */
function getWithBody(url: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const req = request(
      url,
      { method: 'GET', headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', 'content-length': Buffer.byteLength(text) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

const post = (body: unknown, contentType = 'application/json'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': contentType },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('Mockoon corpus: each environment imports, validates and answers its own requests', () => {
  it('an OpenAPI-generated environment: prefix, :params, rules on params and body, CRUD on a data bucket', async () => {
    const { send } = await serve('mockoon-openapi.json');
    expect(JSON.parse((await send('/v2/users')).text)[0].firstname).toBe('John');
    expect(JSON.parse((await send('/v2/users/2')).text).firstname).toBe('Daenerys');
    expect(JSON.parse((await send('/v2/users/1')).text).firstname).toBe('John');
    const created = await send('/v2/users', post({ firstname: 'Arya' }));
    expect([created.status, JSON.parse(created.text).firstname]).toEqual([201, 'Arya']);
    expect((await send('/v2/users', post({ firstname: '' }))).status).toBe(400);
    const item = await send('/v2/resources', post({ id: 'r1', name: 'first' }));
    expect(item.status).toBe(201);
    expect(JSON.parse((await send('/v2/resources/r1')).text)).toEqual({ id: 'r1', name: 'first' });
  });

  it('response rules: query, params, header, body paths, full body, AND; request_number as a sequence', async () => {
    const { send, mimicus } = await serve('mockoon-response-rules.json');
    const withBody = async (body: unknown) => (await getWithBody(`${mimicus.url}/rules/9`, body)).text;
    expect((await send('/rules/9?obj[prop2]=value1')).text).toBe('1');
    expect((await send('/rules/9?array=test2')).text).toBe('2');
    expect((await send('/rules/12')).text).toBe('3');
    expect((await send('/rules/9', { headers: { 'accept-charset': 'UTF-8' } })).text).toBe('4');
    expect((await send('/rules/9', { headers: { 'accept-charset': 'UTF-16' } })).text).toBe('5');
    expect(await withBody({ name: 'john' })).toBe('6');
    expect(await withBody({ user: [{ name: 'John' }] })).toBe('7');
    expect(await withBody('testfullbody')).toBe('14');
    expect(await withBody({ var1: 'val1', object: { property: 'objv1' } })).toBe('formdata');
    expect(
      await withBody([{ deep: { 'property.with.dots': 'val1', deeper: { 'another.property.with.dots': [{ 'final.property.with.dots': 'val2' }] } } }]),
    ).toBe('propertywithdots');
    const none = await send('/rules/9');
    expect([none.status, none.text]).toEqual([404, '0']);
    const numbered = [];
    for (let i = 0; i < 4; i++) numbered.push((await send('/requestnumber')).text);
    expect(numbered).toEqual(['res1', 'res2', 'res3', 'res1']);
  });

  it('templating helpers are translated (unsupported ones served literally, with warnings)', async () => {
    const result = importCorpus(mockoonImporter, 'mockoon', 'mockoon-templating.json');
    expect(result.warnings).toContainEqual({ source: 'routes[41].responses[0].body', message: expect.stringContaining('"objectId"') });
    served = await serveImported(result);
    const { send } = served;
    expect((await send('/bodyjson-rootlvl', post({ property1: 'hello' }))).text).toBe('hello');
    expect((await send('/bodyjson-rootlvl', post({}))).text).toBe('defaultvalue');
    expect((await send('/urlparam/abc')).text).toBe('abc');
    expect((await send('/queryparam-rootlvl?param1=q1')).text).toBe('q1');
    expect((await send('/queryparam-rootlvl')).text).toBe('defaultqueryparam');
    expect((await send('/method')).text).toBe('GET');
    expect((await send('/cookie', { headers: { cookie: 'cookie1=c1' } })).text).toBe('c1');
    expect((await send('/oneof')).text).toBe('testitem1');
    expect((await send('/now')).text).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await send('/setglobalvar');
    expect((await send('/getglobalvar')).text).toBe('value1');
    expect((await send('/objectid')).text).toContain('{{objectId}}');
  });

  it('a mock-samples environment (Giphy): default responses answer, the rest are kept disabled', async () => {
    const result = importCorpus(mockoonImporter, 'mockoon', 'mocksamples-giphycom.json');
    expect(result.config.endpoints?.filter((e) => e.enabled === false)).toHaveLength(40);
    served = await serveImported(result);
    const gifs = await served.send('/v1/gifs?ids=a');
    expect(gifs.status).toBe(200);
    expect(() => JSON.parse(gifs.text)).not.toThrow();
  });
});

const env = (routes: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    uuid: 'u',
    lastMigration: 32,
    name: 'test',
    endpointPrefix: 'api',
    latency: 0,
    port: 3000,
    routes,
    headers: [],
    data: [],
    proxyMode: false,
    cors: false,
    ...extra,
  });
const response = (statusCode: number, body: string, extra: Record<string, unknown> = {}) => ({
  uuid: `r${statusCode}`,
  body,
  latency: 0,
  statusCode,
  label: '',
  headers: [],
  bodyType: 'INLINE',
  filePath: '',
  databucketID: '',
  sendFileAsBody: false,
  disableTemplating: false,
  rules: [],
  rulesOperator: 'OR',
  fallbackTo404: false,
  default: false,
  ...extra,
});

describe('Mockoon response modes, latency, CORS and proxy', () => {
  it('RANDOM → variants, SEQUENTIAL → a cycling sequence, latency → fixed, CORS → headers and OPTIONS', async () => {
    const text = env(
      [
        {
          uuid: 'a',
          type: 'http',
          method: 'get',
          endpoint: 'seq',
          responseMode: 'SEQUENTIAL',
          responses: [response(200, 'one', { latency: 30 }), response(201, 'two', { latency: 30 })],
        },
        { uuid: 'b', type: 'http', method: 'get', endpoint: 'rnd', responseMode: 'RANDOM', responses: [response(200, 'x'), response(200, 'y')] },
        {
          uuid: 'c',
          type: 'http',
          method: 'get',
          endpoint: 'off',
          responseMode: 'DISABLE_RULES',
          responses: [
            response(200, 'default', { default: true }),
            response(500, 'ruled', { rules: [{ target: 'query', modifier: 'q', value: '1', operator: 'equals', invert: false }] }),
          ],
        },
      ],
      { cors: true, proxyMode: true, proxyHost: 'https://real.example.com' },
    );
    const result = importText(mockoonImporter, 'env.json', text);
    expect(result.config.server?.unmatched?.proxy).toEqual({ url: 'https://real.example.com' });
    served = await serveImported(result);
    const seq = [];
    for (let i = 0; i < 3; i++) {
      const answer = await served.send('/api/seq');
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(30);
      seq.push(answer.text);
    }
    expect(seq).toEqual(['one', 'two', 'one']);
    expect(result.config.endpoints?.find((e) => e.path === '/api/rnd')?.variants).toHaveLength(2);
    expect(['x', 'y']).toContain((await served.send('/api/rnd')).text);
    expect((await served.send('/api/off?q=1')).text).toBe('default');
    const preflight = await served.send('/api/seq', { method: 'OPTIONS' });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([200, '*']);
  });

  it('gives byte-identical output for the same input', () => {
    for (const name of ['mockoon-templating.json', 'mockoon-response-rules.json']) expectDeterministic(() => importCorpus(mockoonImporter, 'mockoon', name));
  });
});
