import { afterEach, describe, expect, it } from 'vitest';
import { postmanImporter } from '../../src/import/postman/index.js';
import { expectDeterministic, importCorpus, serveImported, type Served } from './serve-imported.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.mimicus.close();
  served = undefined;
});

const FILE = 'bookstore.postman_collection.json';

describe('Postman collection v2.1: saved examples become endpoints', () => {
  it('imports every example, reports the request without one, and validates', () => {
    const result = importCorpus(postmanImporter, 'postman', FILE);
    expect(result.config.endpoints?.map((e) => `${String(e.method)} ${e.path}`)).toEqual([
      'GET /books',
      'GET /books',
      'GET /books/{bookId}',
      'GET /books/{bookId}',
      'POST /v1/orders',
    ]);
    expect(result.skipped).toEqual([{ source: 'item[1].item[1]', reason: expect.stringContaining('no saved example') }]);
  });

  it('answers with each example: by query, by default, and by x-mock-response-name / -code', async () => {
    served = await serveImported(importCorpus(postmanImporter, 'postman', FILE));
    const fantasy = await served.send('/books?genre=fantasy');
    expect(JSON.parse(fantasy.text)).toHaveLength(2);
    expect(fantasy.headers.get('x-total-count')).toBe('2');
    expect(JSON.parse((await served.send('/books')).text)).toHaveLength(3);
    const found = await served.send('/books/7');
    expect([found.status, JSON.parse(found.text).title]).toEqual([200, 'The Hobbit']);
    const missing = await served.send('/books/7', { headers: { 'x-mock-response-name': 'Not found' } });
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'application/problem+json']);
    expect((await served.send('/books/7', { headers: { 'x-mock-response-code': '404' } })).status).toBe(404);
    const created = await served.send('/v1/orders', { method: 'POST', body: '{"bookId": 1, "quantity": 2}' });
    expect([created.status, created.headers.get('location'), JSON.parse(created.text).id]).toEqual([201, '/v1/orders/42', 42]);
  });

  it('gives byte-identical output for the same input', () => {
    expectDeterministic(() => importCorpus(postmanImporter, 'postman', FILE));
  });
});
