import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../src/index.js';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');

describe('every example config loads and serves', () => {
  it.each(readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f)))('%s', async (file) => {
    // State in memory: running the examples must not leave a .mimicus/ data dir in the repo.
    const mimicus = await createMimicus(join(EXAMPLES, file), { env: {}, dataDir: false });
    await mimicus.listen(0);
    try {
      expect(mimicus.plan.endpoints.length).toBeGreaterThan(0);
    } finally {
      await mimicus.close();
    }
  });
});

describe('examples/quickstart.yaml, as the README walks through it', () => {
  let mimicus: Mimicus;
  beforeAll(async () => {
    mimicus = await createMimicus(join(EXAMPLES, 'quickstart.yaml'), { env: {}, dataDir: false });
    await mimicus.listen(0);
  });
  afterAll(() => mimicus.close());

  it('answers the health check', async () => {
    const res = await fetch(`${mimicus.url}/api/health`);
    expect(res.headers.get('x-powered-by')).toBe('mimicus');
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('renders a user with faker, and a tenant user when the header matches', async () => {
    const user = (await (await fetch(`${mimicus.url}/api/users/42`)).json()) as Record<string, unknown>;
    expect(user.id).toBe(42);
    expect(typeof user.name).toBe('string');
    expect(user.email).toMatch(/@/);
    const tenant = await (await fetch(`${mimicus.url}/api/users/42`, { headers: { 'x-tenant': 't-acme' } })).json();
    expect(tenant).toEqual({ id: 42, tenant: 't-acme' });
    expect((await fetch(`${mimicus.url}/api/users/abc`)).status).toBe(404);
  });

  it('routes orders by a JSONPath body predicate', async () => {
    const post = async (items: unknown) =>
      (await (
        await fetch(`${mimicus.url}/api/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ items }),
        })
      ).json()) as { bulk: boolean };
    expect((await post([{ sku: 'a', qty: 2 }])).bulk).toBe(true);
    expect((await post([{ sku: 'a', qty: 1 }])).bulk).toBe(false);
  });

  it('walks a job through its sequence and serves the catalog file', async () => {
    const states: string[] = [];
    for (let i = 0; i < 4; i++) states.push(((await (await fetch(`${mimicus.url}/api/jobs/1`)).json()) as { state: string }).state);
    expect(states).toEqual(['queued', 'running', 'done', 'done']);
    const catalog = (await (await fetch(`${mimicus.url}/static/catalog.json`)).json()) as { products: unknown[] };
    expect(catalog.products).toHaveLength(2);
  });

  it('serves flaky with both outcomes', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) seen.add((await fetch(`${mimicus.url}/api/flaky`)).status);
    expect([...seen].sort()).toEqual([200, 503]);
  });
});

describe('examples/crud.yaml, as its comments walk through it', () => {
  let mimicus: Mimicus;
  beforeAll(async () => {
    mimicus = await createMimicus(join(EXAMPLES, 'crud.yaml'), { env: {}, dataDir: false });
    await mimicus.listen(0);
  });
  afterAll(() => mimicus.close());

  it('filters, sorts, creates, patches and paginates products', async () => {
    const tools = (await (await fetch(`${mimicus.url}/api/products?category=tools&_sort=price`)).json()) as { name: string }[];
    expect(tools.map((p) => p.name)).toEqual(['Hammer', 'Anvil']);
    const operators = (await (await fetch(`${mimicus.url}/api/products?price_gte=20&name_like=^h`)).json()) as { name: string }[];
    expect(operators.map((p) => p.name)).toEqual(['Hammer']);
    const created = await fetch(`${mimicus.url}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Chisel","price":12,"category":"tools"}',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 4, name: 'Chisel', price: 12, category: 'tools' });
    const patched = await fetch(`${mimicus.url}/api/products/3`, { method: 'PATCH', body: '{"price":9}' });
    expect(((await patched.json()) as { price: number }).price).toBe(9);
    const page = await fetch(`${mimicus.url}/api/products?_page=1&_limit=2`);
    expect(page.headers.get('x-total-count')).toBe('4');
    expect(page.headers.get('link')).toContain('rel="next"');
    expect((await fetch(`${mimicus.url}/api/products`, { method: 'POST', body: '{"name":"","price":-1}' })).status).toBe(400);
  });
});
