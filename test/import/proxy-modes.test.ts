import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockoonImporter } from '../../src/import/mockoon/index.js';
import { mountebankImporter } from '../../src/import/mountebank/index.js';
import { wiremockImporter } from '../../src/import/wiremock/index.js';
import { importText, serveImported, type Served } from './serve-imported.js';

/** A real backend that answers with what it received. */
let backend: Server;
let origin = '';
beforeAll(async () => {
  backend = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({ method: request.method, url: request.url, extra: request.headers['x-extra'] ?? null, cookie: request.headers.cookie ?? null }),
    );
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => backend.close(() => resolve())));

let served: Served | undefined;
afterEach(async () => {
  await served?.mimicus.close();
  served = undefined;
});

describe('proxy modes of foreign mocks forward to the real backend', () => {
  it('WireMock proxyBaseUrl: prefix removed, headers added and removed, the mapping body not served', async () => {
    const mapping = {
      request: { urlPathPattern: '/other/service/.*', method: 'GET' },
      response: {
        proxyBaseUrl: `${origin}/`,
        proxyUrlPrefixToRemove: '/other',
        additionalProxyRequestHeaders: { 'X-Extra': 'from-wiremock' },
        removeProxyRequestHeaders: ['cookie'],
        body: 'never served',
        fixedDelayMilliseconds: 20,
      },
    };
    const result = importText(wiremockImporter, 'proxy.json', JSON.stringify(mapping));
    expect(result.config.endpoints![0]!.proxy).toEqual({
      url: origin,
      stripPrefix: '/other',
      headers: { set: { 'X-Extra': 'from-wiremock' }, remove: ['cookie'] },
    });
    expect(result.warnings).toContainEqual({ source: 'response.body', message: "a proxy mapping answers with the backend's response: ignored" });
    served = await serveImported(result);
    const answer = await served.send('/other/service/items?x=1', { headers: { cookie: 'a=b' } });
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(20);
    expect(JSON.parse(answer.text)).toEqual({ method: 'GET', url: '/service/items?x=1', extra: 'from-wiremock', cookie: null });
  });

  it('WireMock: a proxyBaseUrl that is not an http(s) URL is skipped with the reason', () => {
    const result = importText(wiremockImporter, 'proxy.json', JSON.stringify({ request: { url: '/a' }, response: { proxyBaseUrl: 'ftp://x' } }));
    expect(result.skipped).toEqual([{ source: 'response.proxyBaseUrl', reason: 'proxy target "ftp://x" is not an http(s) URL without query or fragment' }]);
  });

  it('Mockoon proxy mode: what no route answers goes to proxyHost, the prefix removed, request headers added', async () => {
    const env = {
      uuid: 'e',
      lastMigration: 32,
      name: 'proxied',
      endpointPrefix: 'api',
      proxyMode: true,
      proxyHost: origin,
      proxyRemovePrefix: true,
      proxyReqHeaders: [{ key: 'X-Extra', value: 'from-mockoon' }],
      proxyResHeaders: [{ key: 'X-Seen', value: '1' }],
      routes: [
        {
          uuid: 'r',
          type: 'http',
          method: 'get',
          endpoint: 'mocked',
          responseMode: null,
          responses: [{ uuid: 'a', statusCode: 200, body: 'mocked', headers: [], rules: [], rulesOperator: 'OR', default: true, latency: 0 }],
        },
      ],
    };
    const result = importText(mockoonImporter, 'env.json', JSON.stringify(env));
    expect(result.warnings).toContainEqual({ source: 'proxyResHeaders', message: expect.stringContaining('not importable') });
    served = await serveImported(result);
    expect((await served.send('/api/mocked')).text).toBe('mocked');
    expect(JSON.parse((await served.send('/api/real/1')).text)).toMatchObject({ url: '/real/1', extra: 'from-mockoon' });
  });

  it('mountebank proxy: forwarded with injectHeaders; proxyOnce and predicateGenerators reported', async () => {
    const imposter = {
      protocol: 'http',
      port: 4545,
      stubs: [
        {
          predicates: [{ startsWith: { path: '/live' } }],
          responses: [
            { proxy: { to: origin, mode: 'proxyOnce', predicateGenerators: [{ matches: { path: true } }], injectHeaders: { 'X-Extra': 'from-mb' } } },
          ],
        },
      ],
    };
    const result = importText(mountebankImporter, 'imposter.json', JSON.stringify(imposter));
    expect(result.warnings.map((w) => w.source)).toEqual(
      expect.arrayContaining(['stubs[0].responses[0].proxy.mode', 'stubs[0].responses[0].proxy.predicateGenerators']),
    );
    served = await serveImported(result);
    expect(JSON.parse((await served.send('/live/x', { method: 'POST', body: 'b' })).text)).toMatchObject({ method: 'POST', url: '/live/x', extra: 'from-mb' });
  });
});
