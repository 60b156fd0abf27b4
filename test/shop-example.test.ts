import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../src/index.js';

const SHOP = join(import.meta.dirname, '..', 'examples', 'shop.yaml');
// The example's checkout fails 5% of the time by default; the journey must be deterministic.
const ENV = { CHECKOUT_ERROR_RATE: '0' };

interface Product {
  id: number;
  name: string;
  price: number;
  category: string;
  stock: number;
}

/** A shopper: every request carries the session header. */
function shopper(mimicus: () => Mimicus, session: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${mimicus().url}${path}`, {
      method,
      headers: { 'x-mimicus-session': session, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
  };
}

describe('examples/shop.yaml, a shopping journey kept in SQLite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mimicus-shop-'));
  let mimicus: Mimicus;
  const start = async () => {
    mimicus = await createMimicus(SHOP, { env: ENV, dataDir });
    await mimicus.listen(0, '127.0.0.1');
  };
  const alice = shopper(() => mimicus, 'alice');
  const bob = shopper(() => mimicus, 'bob');

  beforeAll(start);
  afterAll(async () => {
    await mimicus.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its state in the given data directory', () => {
    expect(existsSync(join(dataDir, 'state.sqlite'))).toBe(true);
  });

  it('answers /api/me with 401 before login and with the user after it', async () => {
    expect(await alice.get('/api/me')).toMatchObject({ status: 401, body: { loggedIn: false } });
    expect(await alice.post('/api/login', {})).toMatchObject({ status: 400 });
    expect(await alice.get('/api/me')).toMatchObject({ status: 401 });

    expect(await alice.post('/api/login', { username: 'alice' })).toMatchObject({ status: 200, body: { ok: true, user: 'alice' } });
    expect(await alice.get('/api/me')).toMatchObject({ status: 200, body: { user: 'alice', loggedIn: true } });
  });

  it('lists the seeded products with a filter, sorting and pagination', async () => {
    const all = await alice.get('/api/products');
    expect((all.body as Product[]).map((p) => p.id)).toEqual([1, 2, 3, 4, 5]);

    const page = await alice.get('/api/products?category=tools&_sort=price&_order=desc&_page=1&_limit=2');
    expect(page.status).toBe(200);
    expect((page.body as Product[]).map((p) => p.name)).toEqual(['Cordless drill', 'Hand saw']);
    expect(page.headers.get('x-total-count')).toBe('3');
    expect(page.headers.get('link')).toContain('rel="next"');

    expect(await alice.get('/api/products/4')).toMatchObject({ status: 200, body: { name: 'Garden hose' } });
    expect((await alice.post('/api/products', { name: 'Rake', price: -1, category: 'garden' })).status).toBe(400);
    expect(await alice.patch('/api/products/2', { price: 29 })).toMatchObject({ status: 200, body: { id: 2, price: 29 } });
  });

  it('starts the checkout workflow in browsing, with an empty cart', async () => {
    expect(await alice.get('/api/checkout/status')).toMatchObject({ status: 200, body: { state: 'browsing' } });
    expect(await alice.get('/api/cart')).toMatchObject({ status: 200, body: { items: [], count: 0 } });
    expect(await alice.post('/api/checkout')).toMatchObject({ status: 409, body: { error: 'the cart is empty' } });
  });

  it('adds two items to the cart, which moves the workflow to carted', async () => {
    expect(await alice.post('/api/cart', { sku: '2', qty: 1 })).toMatchObject({ status: 201, body: { added: { sku: '2', qty: 1 }, count: 1 } });
    expect(await alice.get('/api/checkout/status')).toMatchObject({ body: { state: 'carted' } });
    expect(await alice.post('/api/cart', { sku: '4', qty: 3 })).toMatchObject({ status: 201, body: { count: 2 } });

    expect(await alice.get('/api/cart')).toMatchObject({
      status: 200,
      body: {
        items: [
          { sku: '2', qty: 1 },
          { sku: '4', qty: 3 },
        ],
        count: 2,
      },
    });
  });

  it('checks out as order 1000 and reports the workflow as paid', async () => {
    const order = await alice.post('/api/checkout');
    expect(order).toEqual({
      status: 201,
      headers: expect.anything(),
      body: {
        orderId: 1000,
        user: 'alice',
        items: [
          { sku: '2', qty: 1 },
          { sku: '4', qty: 3 },
        ],
      },
    });
    expect(await alice.get('/api/checkout/status')).toMatchObject({ status: 200, body: { state: 'paid', orderId: 1000 } });
    expect(await alice.get('/api/cart')).toMatchObject({ status: 200, body: { items: [], count: 0 } });
    expect(await alice.post('/api/checkout')).toMatchObject({ status: 409 });
    // The cart's items went with the order: the session keeps only what still means something.
    expect((await mimicus.state.list('session:alice', { kind: 'var' })).map((entry) => entry.name)).toEqual(['lastOrder', 'loggedIn', 'user']);
  });

  it('keeps a second session apart: not logged in, empty cart, browsing', async () => {
    expect(await bob.get('/api/me')).toMatchObject({ status: 401 });
    expect(await bob.get('/api/cart')).toMatchObject({ status: 200, body: { items: [], count: 0 } });
    expect(await bob.get('/api/checkout/status')).toMatchObject({ body: { state: 'browsing' } });

    // The catalog is global: bob sees alice's price change.
    expect(await bob.get('/api/products/2')).toMatchObject({ body: { price: 29 } });

    // A cart without a login cannot be checked out, and that refusal fires no transition.
    expect(await bob.post('/api/cart', { sku: '1' })).toMatchObject({ status: 201, body: { count: 1 } });
    expect(await bob.post('/api/checkout')).toMatchObject({ status: 401 });
    expect(await bob.get('/api/checkout/status')).toMatchObject({ body: { state: 'carted' } });
    expect(await alice.get('/api/checkout/status')).toMatchObject({ body: { state: 'paid' } });
  });

  it('appends every item when one session adds several at once', async () => {
    const carol = shopper(() => mimicus, 'carol');
    const skus = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const added = await Promise.all(skus.map((sku) => carol.post('/api/cart', { sku })));
    expect(added.map((res) => res.status)).toEqual(skus.map(() => 201));
    expect(new Set(added.map((res) => (res.body as { count: number }).count)).size).toBe(10);
    const cart = (await carol.get('/api/cart')).body as { items: { sku: string }[]; count: number };
    expect(cart.count).toBe(10);
    expect(cart.items.map((item) => item.sku).sort()).toEqual(skus);
  });

  it('logs out', async () => {
    expect((await alice.post('/api/logout')).status).toBe(204);
    expect(await alice.get('/api/me')).toMatchObject({ status: 401 });
  });

  it('keeps the order counter, the sessions and the product changes across a restart', async () => {
    await mimicus.close();
    await start();

    expect(await alice.get('/api/checkout/status')).toMatchObject({ body: { state: 'paid', orderId: 1000 } });
    expect(await alice.get('/api/products/2')).toMatchObject({ body: { price: 29 } });
    expect(((await alice.get('/api/products')).body as Product[]).length).toBe(5);

    expect(await bob.post('/api/login', { username: 'bob' })).toMatchObject({ status: 200 });
    expect(await bob.get('/api/cart')).toMatchObject({ body: { items: [{ sku: '1' }], count: 1 } });
    expect(await bob.post('/api/checkout')).toMatchObject({ status: 201, body: { orderId: 1001, user: 'bob', items: [{ sku: '1' }] } });
    expect(await bob.get('/api/checkout/status')).toMatchObject({ body: { state: 'paid', orderId: 1001 } });
  });
});

describe('examples/shop.yaml with its checkout faults on', () => {
  let mimicus: Mimicus;
  beforeAll(async () => {
    mimicus = await createMimicus(SHOP, { env: { CHECKOUT_ERROR_RATE: '1' }, dataDir: false });
    await mimicus.listen(0, '127.0.0.1');
  });
  afterAll(() => mimicus.close());

  it('gives the checkout workflow its overrides, above the storefront ones', () => {
    const latencyOf = (id: string) => mimicus.plan.endpoints.find((endpoint) => endpoint.id === id)?.behaviors.base.latency?.label;
    expect(latencyOf('checkout')).toBe(latencyOf('add-to-cart'));
    expect(latencyOf('checkout')).not.toBe(latencyOf('products'));
  });

  it('answers 503 from the injected fault, which writes no state and fires no transition', async () => {
    const dave = shopper(() => mimicus, 'dave');
    expect((await dave.post('/api/cart', { sku: '1' })).status).toBe(503);
    expect((await dave.get('/api/me')).status).toBe(401);
    expect((await dave.get('/api/checkout/status')).status).toBe(503);
    expect(await mimicus.state.get('session:dave', 'cartSize')).toBeUndefined();
    expect(await mimicus.state.list('session:dave')).toEqual([]);
  });
});

// docs/state.md is the guide this example illustrates; its configs must compile and do what it says.
describe('docs/state.md config examples', () => {
  const GUIDE = readFileSync(join(import.meta.dirname, '..', 'docs', 'state.md'), 'utf8');
  const blocks = [...GUIDE.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-state-guide-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const startBlock = async (id: string) => {
    const index = blocks.findIndex((block) => block.includes(`id: ${id}`));
    expect(index).toBeGreaterThanOrEqual(0);
    const file = join(dir, `block-${index}.yaml`);
    writeFileSync(file, blocks[index]!);
    const mimicus = await createMimicus(file, { env: {}, dataDir: false });
    await mimicus.listen(0, '127.0.0.1');
    return mimicus;
  };

  it.each(blocks.map((block, i) => [i, block] as const))('example %i compiles', async (i, block) => {
    const file = join(dir, `compile-${i}.yaml`);
    writeFileSync(file, block);
    await (await createMimicus(file, { env: {}, dataDir: false })).close();
  });

  it('counts per client and globally, and numbers notes with an atomic counter', async () => {
    const mimicus = await startBlock('visits');
    try {
      const as = (session: string) => shopper(() => mimicus, session);
      expect((await as('a').get('/visits')).body).toEqual({ mine: 1, everyone: 1 });
      expect((await as('b').get('/visits')).body).toEqual({ mine: 2, everyone: 2 });
    } finally {
      await mimicus.close();
    }
    const notes = await startBlock('remember');
    try {
      const ann = shopper(() => notes, 'ann');
      expect((await ann.post('/notes', { text: 'milk' })).body).toEqual({ id: 1 });
      expect((await ann.post('/notes', { text: 'eggs' })).body).toEqual({ id: 2 });
      expect((await ann.get('/notes')).body).toEqual([{ text: 'milk' }, { text: 'eggs' }]);
      expect((await shopper(() => notes, 'ben').get('/notes')).body).toEqual([]);
      expect((await ann.post('/orders')).body).toEqual({ id: 1000, greeting: 'hello stranger' });
    } finally {
      await notes.close();
    }
  });

  it('stores declarative template values as strings and tells login states apart', async () => {
    const mimicus = await startBlock('login');
    try {
      const eve = shopper(() => mimicus, 'eve');
      expect((await eve.post('/login', { username: 'eve' })).status).toBe(200);
      expect(await mimicus.state.get('session:eve', 'user')).toBe('eve');
      expect(await mimicus.state.get('session:eve', 'logins')).toBe(1);
      expect(await mimicus.state.get('session:eve', 'loggedIn')).toBe(true);
    } finally {
      await mimicus.close();
    }
    const me = await startBlock('me-anonymous');
    try {
      expect((await shopper(() => me, 'x').get('/me')).status).toBe(401);
      await me.state.set('session:x', 'loggedIn', true);
      await me.state.set('session:x', 'user', 'xavier');
      expect((await shopper(() => me, 'x').get('/me')).body).toEqual({ user: 'xavier' });
    } finally {
      await me.close();
    }
  });

  it('walks the workflow example from browsing to paid', async () => {
    const mimicus = await startBlock('checkout-empty');
    try {
      const fay = shopper(() => mimicus, 'fay');
      // The example's checkout workflow fails 2% of requests; retry those, as a client would.
      const retry = async (call: () => ReturnType<typeof fay.get>) => {
        let res = await call();
        for (let attempt = 1; res.status === 503 && attempt < 20; attempt++) res = await call();
        return res;
      };
      expect((await retry(() => fay.get('/shop/status'))).body).toEqual({ state: 'not paid' });
      expect((await retry(() => fay.post('/shop/checkout'))).status).toBe(409);
      expect((await retry(() => fay.post('/shop/cart'))).status).toBe(201);
      expect((await retry(() => fay.post('/shop/checkout'))).body).toEqual({ paid: true });
      expect((await retry(() => fay.get('/shop/status'))).body).toEqual({ state: 'paid' });
    } finally {
      await mimicus.close();
    }
  });
});
