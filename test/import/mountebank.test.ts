import { afterEach, describe, expect, it } from 'vitest';
import { mountebankImporter } from '../../src/import/mountebank/index.js';
import { expectDeterministic, importCorpus, importText, serveImported, type Served } from './serve-imported.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.mimicus.close();
  served = undefined;
});

describe('mountebank corpus: each file imports, validates and answers its own requests', () => {
  it('equals on a JSON body (case-sensitive) wins over the catch-all stub', async () => {
    served = await serveImported(importCorpus(mountebankImporter, 'mountebank', 'mountebank-gzip.json'));
    const hit = await served.send('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Harry Potter"}' });
    expect(JSON.parse(hit.text)).toEqual({ code: 'SUCCESS', author: 'J.K. Rowling' });
    const miss = await served.send('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"harry potter"}' });
    expect(JSON.parse(miss.text)).toEqual({ code: 'FAILED TO MATCH' });
  });

  it('serves "<%" bodies as written (no template engine runs on them)', async () => {
    served = await serveImported(importCorpus(mountebankImporter, 'mountebank', 'mountebank-noparse.json'));
    const answer = await served.send('/anything');
    expect([answer.status, answer.text, answer.headers.get('content-type')]).toEqual([200, '<% should not render through ejs', 'text/plain']);
  });

  it('a stub with two responses cycles through them in order', async () => {
    served = await serveImported(importCorpus(mountebankImporter, 'mountebank', 'mountebank-orders.json'));
    const locations: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await served.send('/orders', { method: 'POST' });
      expect(created.status).toBe(201);
      locations.push(created.headers.get('location'));
    }
    expect(locations).toEqual(['http://localhost:4545/orders/123', 'http://localhost:4545/orders/234', 'http://localhost:4545/orders/123']);
    expect((await served.send('/orders/234')).text).toBe('Order 234');
    // No stub matches: mountebank's default answer, an empty 200.
    const fallback = await served.send('/nothing');
    expect([fallback.status, fallback.text]).toEqual([200, '']);
  });
});

const imposter = {
  protocol: 'http',
  port: 4546,
  defaultResponse: { statusCode: 404, body: 'nope' },
  stubs: [
    {
      predicates: [
        { equals: { method: 'GET', path: '/items' } },
        { not: { exists: { query: { debug: true } } } },
        { or: [{ startsWith: { headers: { 'X-Client': 'web' } } }, { matches: { query: { v: '^2\\.' } } }] },
      ],
      responses: [
        { is: { body: 'first' }, behaviors: [{ repeat: 2 }, { wait: 40 }] },
        { is: { statusCode: 503 }, behaviors: [{ wait: 40 }] },
      ],
    },
    { predicates: [{ equals: { body: 'A1' }, jsonpath: { selector: '$.sku' } }], responses: [{ is: { body: 'by jsonpath' } }] },
    { predicates: [{ equals: { path: '/proxied' } }], responses: [{ proxy: { to: 'http://example.com' } }, { is: { body: 'after' } }] },
    { responses: [{ inject: 'function () { return {}; }' }] },
    { predicates: [{ equals: { path: '/decorated' } }], responses: [{ is: { body: 'plain' }, behaviors: [{ decorate: 'function () {}' }] }] },
    { predicates: [{ equals: { path: '/tcp' } }], responses: [{ fault: 'CONNECTION_RESET_BY_PEER' }] },
  ],
};

describe('mountebank features beyond the corpus', () => {
  it('not/or/startsWith/matches, repeat → sequence, wait → latency, defaultResponse', async () => {
    const result = importText(mountebankImporter, 'imposter.json', JSON.stringify(imposter));
    served = await serveImported(result);
    const web = { headers: { 'x-client': 'WEB-app' } };
    const bodies = [];
    for (let i = 0; i < 4; i++) {
      const answer = await served.send('/items', web);
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(40);
      bodies.push(answer.status === 200 ? answer.text : answer.status);
    }
    expect(bodies).toEqual(['first', 'first', 503, 'first']);
    expect((await served.send('/items?debug=1', web)).text).toBe('nope');
    expect((await served.send('/items?v=2.1')).status).toBe(200);
    expect((await served.send('/items?v=3')).text).toBe('nope');
  });

  it('jsonpath predicates select inside the body; inject, proxy and decorate are reported', async () => {
    const result = importText(mountebankImporter, 'imposter.json', JSON.stringify(imposter));
    expect(result.skipped).toEqual([
      { source: 'stubs[2].responses[0].proxy', reason: 'a proxy among other responses cannot be one step of a sequence' },
      { source: 'stubs[3].responses[0].inject', reason: expect.stringContaining('inject') },
    ]);
    expect(result.warnings).toContainEqual({ source: 'stubs[4].responses[0].behaviors.decorate', message: expect.stringContaining('runs code') });
    served = await serveImported(result);
    expect((await served.send('/any', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"a1"}' })).text).toBe('by jsonpath');
    expect((await served.send('/decorated')).text).toBe('plain');
    await expect(served.send('/tcp')).rejects.toThrow();
  });

  it('gives byte-identical output for the same input', () => {
    expectDeterministic(() => importText(mountebankImporter, 'imposter.json', JSON.stringify(imposter)));
  });
});
