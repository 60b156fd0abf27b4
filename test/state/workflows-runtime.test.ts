import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

async function call(path: string, init: RequestInit & { session?: string } = {}): Promise<{ status: number; body: string }> {
  const { session, ...rest } = init;
  const headers = { ...(rest.headers as Record<string, string> | undefined), ...(session ? { 'x-mimicus-session': session } : {}) };
  const res = await fetch(`${mimicus!.url}${path}`, { ...rest, headers });
  return { status: res.status, body: await res.text() };
}

const SHOP = (scope: string) => `
version: 2
workflows:
  - id: journey
    endpoints: [products, add-to-cart, checkout, receipt]
    scope: ${scope}
    states:
      initial: browsing
      transitions:
        - { on: add-to-cart, from: [browsing, carted], to: carted }
        - { on: checkout, from: carted, to: paid }
endpoints:
  - id: products
    method: GET
    path: /shop/products
    response: { body: 'browse all' }
    responses:
      carted: { body: 'browse with cart' }
      paid: { body: 'browse as customer' }
  - { id: add-to-cart, method: POST, path: /shop/cart, response: { status: 201, body: added } }
  - id: checkout
    method: POST
    path: /shop/checkout
    response: { status: 409, body: 'cart is empty' }
    responses:
      carted: { status: 200, body: paid }
  - { id: receipt, method: GET, path: /shop/receipt, whenState: paid, response: { body: receipt } }
`;

describe('workflow state machines at run time', () => {
  it('moves a journey browsing → carted → paid, answering per state, and a failing step does not advance it', async () => {
    mimicus = await startMimicus(SHOP('session'), { dataDir: false });
    const s = { session: 'u1' };
    expect(await call('/shop/products', s)).toEqual({ status: 200, body: 'browse all' });
    expect((await call('/shop/receipt', s)).status).toBe(404);
    // checkout answers its own 409 in browsing: no transition (and none is configured from browsing).
    expect(await call('/shop/checkout', { method: 'POST', ...s })).toEqual({ status: 409, body: 'cart is empty' });
    expect(await mimicus.state.list('session:u1', { kind: 'wf' })).toEqual([]);

    expect(await call('/shop/cart', { method: 'POST', ...s })).toEqual({ status: 201, body: 'added' });
    expect(await call('/shop/products', s)).toEqual({ status: 200, body: 'browse with cart' });
    expect(await mimicus.state.list('session:u1', { kind: 'wf' })).toEqual([
      { scope: 'session:u1', kind: 'wf', name: 'journey', value: 'carted', expiresAt: expect.any(String) },
    ]);
    expect(await call('/shop/cart', { method: 'POST', ...s })).toEqual({ status: 201, body: 'added' });
    expect((await call('/shop/receipt', s)).status).toBe(404);

    expect(await call('/shop/checkout', { method: 'POST', ...s })).toEqual({ status: 200, body: 'paid' });
    expect(await call('/shop/products', s)).toEqual({ status: 200, body: 'browse as customer' });
    expect(await call('/shop/receipt', s)).toEqual({ status: 200, body: 'receipt' });
    // Paid has no transition on add-to-cart: the journey stays paid.
    expect((await call('/shop/cart', { method: 'POST', ...s })).status).toBe(201);
    expect(await call('/shop/receipt', s)).toEqual({ status: 200, body: 'receipt' });
  });

  it('keeps one machine per session, and resetWorkflow sends a session back to the initial state', async () => {
    mimicus = await startMimicus(SHOP('session'), { dataDir: false });
    await call('/shop/cart', { method: 'POST', session: 'a' });
    await call('/shop/checkout', { method: 'POST', session: 'a' });
    await call('/shop/cart', { method: 'POST', session: 'b' });
    expect((await call('/shop/products', { session: 'a' })).body).toBe('browse as customer');
    expect((await call('/shop/products', { session: 'b' })).body).toBe('browse with cart');
    expect((await call('/shop/products', { session: 'c' })).body).toBe('browse all');

    expect(await mimicus.state.resetWorkflow('journey', 'session:a')).toBe(1);
    expect((await call('/shop/products', { session: 'a' })).body).toBe('browse all');
    expect((await call('/shop/receipt', { session: 'a' })).status).toBe(404);
    expect((await call('/shop/products', { session: 'b' })).body).toBe('browse with cart');

    expect(await mimicus.state.resetWorkflow('journey')).toBe(1);
    expect((await call('/shop/products', { session: 'b' })).body).toBe('browse all');
    expect(await mimicus.state.resetWorkflow('journey')).toBe(0);
  });

  it('shares one machine between every caller with scope: global', async () => {
    mimicus = await startMimicus(SHOP('global'), { dataDir: false });
    await call('/shop/cart', { method: 'POST', session: 'a' });
    expect((await call('/shop/products', { session: 'b' })).body).toBe('browse with cart');
    await call('/shop/checkout', { method: 'POST', session: 'b' });
    expect(await call('/shop/receipt', { session: 'c' })).toEqual({ status: 200, body: 'receipt' });
    expect(await mimicus.state.list(undefined, { kind: 'wf' })).toEqual([{ scope: 'global', kind: 'wf', name: 'journey', value: 'paid' }]);
    expect(await mimicus.state.resetWorkflow('journey', 'global')).toBe(1);
    expect((await call('/shop/receipt', { session: 'c' })).status).toBe(404);
  });

  it('branches with when: on state and on a header; the first applicable transition wins', async () => {
    mimicus = await startMimicus(
      `
version: 2
state: { scope: session }
workflows:
  - id: tiers
    endpoints: [set-tier, upgrade, status]
    states:
      initial: basic
      transitions:
        - { on: upgrade, from: basic, to: vip, when: { state: { tier: gold } } }
        - { on: upgrade, from: basic, to: vip, when: { headers: { x-promo: VIP2026 } } }
        - { on: upgrade, from: basic, to: plus }
        - { on: upgrade, from: plus, to: vip, when: { state: { tier: gold } } }
endpoints:
  - { id: set-tier, method: PUT, path: /tier, state: { set: { tier: '{{request.query.tier}}' } }, response: { status: 204 } }
  - { id: upgrade, method: POST, path: /upgrade, response: { body: upgraded } }
  - id: status
    method: GET
    path: /status
    response: { body: basic }
    responses: { plus: { body: plus }, vip: { body: vip } }
`,
      { dataDir: false },
    );
    const status = async (session: string) => (await call('/status', { session })).body;

    await call('/tier?tier=gold', { method: 'PUT', session: 'gold' });
    await call('/upgrade', { method: 'POST', session: 'gold' });
    expect(await status('gold')).toBe('vip');

    await call('/tier?tier=silver', { method: 'PUT', session: 'silver' });
    await call('/upgrade', { method: 'POST', session: 'silver' });
    expect(await status('silver')).toBe('plus');
    // From plus, only gold goes on; silver stays where it is.
    await call('/upgrade', { method: 'POST', session: 'silver' });
    expect(await status('silver')).toBe('plus');
    await call('/tier?tier=gold', { method: 'PUT', session: 'silver' });
    await call('/upgrade', { method: 'POST', session: 'silver' });
    expect(await status('silver')).toBe('vip');

    await call('/upgrade', { method: 'POST', session: 'promo', headers: { 'x-promo': 'VIP2026' } });
    expect(await status('promo')).toBe('vip');
    await call('/upgrade', { method: 'POST', session: 'nopromo', headers: { 'x-promo': 'nope' } });
    expect(await status('nopromo')).toBe('plus');
  });

  it("advances only on the trigger's own answer below 400: not on its 4xx, nor on an injected fault", async () => {
    mimicus = await startMimicus(
      `
version: 2
workflows:
  - id: pay
    endpoints: [start, declined, flaky]
    states:
      initial: new
      transitions:
        - { on: start, from: new, to: started }
        - { on: declined, from: started, to: done }
        - { on: flaky, from: started, to: done }
endpoints:
  - { id: start, method: POST, path: /start, response: { status: 202 } }
  - { id: declined, method: POST, path: /declined, response: { status: 402, body: declined } }
  - { id: flaky, method: POST, path: /flaky, errors: [ { rate: 1, status: 503 } ], response: { body: ok } }
`,
      { dataDir: false },
    );
    const journey = async () => (await mimicus!.state.list('session:p', { kind: 'wf' })).map((entry) => entry.value);
    expect((await call('/start', { method: 'POST', session: 'p' })).status).toBe(202);
    expect(await journey()).toEqual(['started']);
    expect(await call('/declined', { method: 'POST', session: 'p' })).toEqual({ status: 402, body: 'declined' });
    expect((await call('/flaky', { method: 'POST', session: 'p' })).status).toBe(503);
    expect(await journey()).toEqual(['started']);
  });

  it('draws every member from one shared rate-limit bucket', async () => {
    mimicus = await startMimicus(
      `
version: 2
workflows:
  - { id: api, endpoints: [a, b], rateLimit: { rate: 2/s, burst: 2 } }
endpoints:
  - { id: a, path: /a, response: { body: a } }
  - { id: b, path: /b, response: { body: b } }
  - { id: outside, path: /outside, response: { body: outside } }
`,
      { dataDir: false },
    );
    const statuses = [];
    for (const path of ['/a', '/b', '/a', '/b', '/outside']) statuses.push((await call(path)).status);
    expect(statuses).toEqual([200, 200, 429, 429, 200]);
  });

  it('layers defaults < workflow overrides < endpoint, visible in Server-Timing', async () => {
    mimicus = await startMimicus(
      `
version: 2
server: { debugHeaders: true }
defaults: { latency: { fixed: 1ms } }
workflows:
  - { id: slow-journey, match: { pathPrefix: /journey }, overrides: { latency: { fixed: 60ms } } }
endpoints:
  - { id: step, path: /journey/step, response: { body: step } }
  - { id: fast-step, path: /journey/fast, latency: { fixed: 5ms }, response: { body: fast } }
  - { id: other, path: /other, response: { body: other } }
`,
      { dataDir: false },
    );
    const timed = async (path: string) => {
      const started = performance.now();
      const res = await fetch(`${mimicus!.url}${path}`);
      await res.text();
      return { ms: performance.now() - started, delay: Number(/delay;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1]) };
    };
    const step = await timed('/journey/step');
    expect(step.delay).toBe(60);
    expect(step.ms).toBeGreaterThanOrEqual(59);
    expect((await timed('/journey/fast')).delay).toBe(5);
    expect((await timed('/other')).delay).toBe(1);
  });

  it('starts a journey again when a reload removed the state it was in', async () => {
    mimicus = await startMimicus(SHOP('session'), { dataDir: false });
    const s = { session: 'u1' };
    await call('/shop/cart', { method: 'POST', ...s });
    await call('/shop/checkout', { method: 'POST', ...s });
    expect(await call('/shop/receipt', s)).toEqual({ status: 200, body: 'receipt' });

    // "paid" becomes "done": u1's stored state is one the workflow no longer has.
    await mimicus.reload(parseYaml(SHOP('session').replaceAll('paid', 'done')) as never);
    expect(await mimicus.state.list('session:u1', { kind: 'wf' })).toEqual([
      { scope: 'session:u1', kind: 'wf', name: 'journey', value: 'paid', expiresAt: expect.any(String) },
    ]);
    expect(await call('/shop/products', s)).toEqual({ status: 200, body: 'browse all' });
    expect((await call('/shop/receipt', s)).status).toBe(404);
    // It counts as browsing, so the journey moves on from there rather than staying stuck.
    expect(await call('/shop/cart', { method: 'POST', ...s })).toEqual({ status: 201, body: 'added' });
    expect(await call('/shop/products', s)).toEqual({ status: 200, body: 'browse with cart' });
    expect(await call('/shop/checkout', { method: 'POST', ...s })).toEqual({ status: 200, body: 'done' });
    expect(await call('/shop/receipt', s)).toEqual({ status: 200, body: 'receipt' });
  });

  it("prints the current state with {{workflowState}}: the endpoint's own, or any workflow named from outside it", async () => {
    mimicus = await startMimicus(
      `${SHOP('session')}
  - id: status
    method: GET
    path: /shop/status
    response: { template: true, body: '{{workflowState}}' }
  - id: outside
    method: GET
    path: /whereami
    response: { template: true, body: '{{#if (eq (workflowState "journey") "paid")}}customer{{else}}visitor in {{workflowState "journey"}}{{/if}}' }
  - id: trigger
    method: POST
    path: /shop/trigger
    response: { template: true, body: 'before {{workflowState}}' }
`
        .replace('endpoints: [products, add-to-cart, checkout, receipt]', 'endpoints: [products, add-to-cart, checkout, receipt, status, trigger]')
        .replace(
          '- { on: checkout, from: carted, to: paid }',
          '- { on: checkout, from: carted, to: paid }\n        - { on: trigger, from: browsing, to: carted }',
        ),
      { dataDir: false },
    );
    expect(await call('/shop/status', { session: 'a' })).toEqual({ status: 200, body: 'browsing' });
    expect(await call('/whereami', { session: 'a' })).toEqual({ status: 200, body: 'visitor in browsing' });
    // Rendered before this request's own transition fires.
    expect(await call('/shop/trigger', { method: 'POST', session: 'a' })).toEqual({ status: 200, body: 'before browsing' });
    expect(await call('/shop/status', { session: 'a' })).toEqual({ status: 200, body: 'carted' });
    expect(await call('/shop/checkout', { method: 'POST', session: 'a' })).toEqual({ status: 200, body: 'paid' });
    expect(await call('/whereami', { session: 'a' })).toEqual({ status: 200, body: 'customer' });
    expect(await call('/shop/status', { session: 'b' })).toEqual({ status: 200, body: 'browsing' });
  });
});
