import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

/** examples/shop.yaml's checkout journey, cut down: a session moves browsing → carted → paid. */
const CONFIG = `version: 2
state:
  scope: session
endpoints:
  - id: add-to-cart
    method: POST
    path: /api/cart
    response: { status: 201, json: { added: true } }
  - id: view-cart
    method: GET
    path: /api/cart
    latency: { fixed: 5ms }
    response: { json: { items: [] } }
  - id: checkout
    method: POST
    path: /api/checkout
    whenState: carted
    response: { status: 201, json: { orderId: 1000 } }
  - id: checkout-empty-cart
    method: POST
    path: /api/checkout
    whenState: [browsing, paid]
    response: { status: 409, json: { error: the cart is empty } }
workflows:
  - id: storefront
    description: The whole shop API
    match: { pathPrefix: /api }
    overrides:
      latency: { fixed: 1ms }
  - id: checkout
    description: browsing → carted → paid
    endpoints: [add-to-cart, view-cart, checkout, checkout-empty-cart]
    precedence: 10
    overrides:
      latency: { fixed: 2ms }
    scope: session
    states:
      initial: browsing
      transitions:
        - { on: add-to-cart, from: [browsing, paid], to: carted }
        - { on: checkout, from: carted, to: paid }
`;

const asSession = (session: string, method = 'POST') => ({ method, headers: { 'x-mimicus-session': session } });

describe('console: Workflows page', () => {
  const consoles = useConsoles();

  it('draws the state machine and highlights the state a session reached through real requests', async () => {
    const session = await consoles.open(CONFIG, { route: 'workflows' });
    const { page, mimicus } = session;
    const checkout = page.locator('[data-workflow="checkout"]');
    await checkout.locator('[data-state="browsing"].current').waitFor();
    const states = checkout.locator('.state');
    const names = await Promise.all(Array.from({ length: await states.count() }, (_, i) => states.nth(i).getAttribute('data-state')));
    expect(names).toEqual(['browsing', 'carted', 'paid']);
    expect(await checkout.locator('.transition text').allTextContents()).toEqual(['add-to-cart', 'add-to-cart', 'checkout']);
    expect(await checkout.locator('.members a').allTextContents()).toEqual(['add-to-cart', 'view-cart', 'checkout', 'checkout-empty-cart']);
    // The storefront's latency loses to checkout's (higher precedence) and to view-cart's own block.
    const shadowed = page.locator('[data-workflow="storefront"] .shadowed li');
    expect(await shadowed.allTextContents()).toEqual(
      expect.arrayContaining(["latency on view-cart: endpoint view-cart's own latency wins", 'latency on checkout: workflow checkout (precedence 10) wins']),
    );

    // Live: the page follows the requests without a refresh.
    await page.locator('[data-live="true"]').waitFor();
    expect((await fetch(`${mimicus.url}/api/cart`, asSession('alice'))).status).toBe(201);
    await checkout.locator('[data-state="carted"].current').waitFor();
    expect((await fetch(`${mimicus.url}/api/checkout`, asSession('alice'))).status).toBe(201);
    await checkout.locator('[data-state="paid"].current').waitFor();
    expect((await fetch(`${mimicus.url}/api/cart`, asSession('bob'))).status).toBe(201);
    await checkout.locator('tr[data-scope="session:bob"]').waitFor();
    await checkout.getByRole('button', { name: 'session:alice', exact: true }).click();
    await checkout.locator('[data-state="paid"].current').waitFor();
    expect(await checkout.locator('.state.current').count()).toBe(1);
    await checkout.getByRole('button', { name: 'session:bob', exact: true }).click();
    await checkout.locator('[data-state="carted"].current').waitFor();
    await screenshot(page, 'workflows');
  });

  it("creates a workflow and edits it, showing the server's issues, and the changes serve", async () => {
    const session = await consoles.open(
      `version: 2
endpoints:
  - { id: a, method: GET, path: /a, response: { body: a } }
  - { id: b, method: GET, path: /b, response: { body: b } }
`,
      { route: 'workflows' },
    );
    const { page, mimicus } = session;
    await page.getByText('No workflows in this config.').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByRole('tab', { name: 'YAML' }).click();
    const text = page.getByLabel('The workflow as YAML');
    await text.fill('id: slow-pair\nendpoints: [a, nope]\noverrides: { latency: { fixed: 30ms } }\n');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await expect
      .poll(() => page.locator('ul[aria-label="Issues in this workflow"]').textContent({ timeout: 5000 }))
      .toBe('endpoints[1] no endpoint has id "nope"');
    expect(await page.getByText(/^Not saved/).count()).toBe(1);
    await text.fill('id: slow-pair\nendpoints: [a]\noverrides: { latency: { fixed: 30ms } }\n');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.locator('[data-workflow="slow-pair"]').waitFor({ timeout: 10_000 });
    const created = (await (await mimicus.api('/api/workflows/slow-pair')).json()) as { endpoints?: string[] };
    expect(created.endpoints).toEqual(['a']);

    await page.getByRole('button', { name: 'Edit workflow slow-pair' }).click();
    await page.getByRole('tab', { name: 'YAML' }).click();
    const editing = page.getByLabel('The workflow as YAML');
    expect(await editing.inputValue()).toContain('id: slow-pair');
    await editing.fill('id: slow-pair\nendpoints: [a, b]\noverrides: { latency: { fixed: 30ms } }\n');
    await page.getByRole('button', { name: 'Save workflow' }).click();
    await expect.poll(async () => ((await (await mimicus.api('/api/workflows/slow-pair')).json()) as { endpoints?: string[] }).endpoints).toEqual(['a', 'b']);
    const started = performance.now();
    await (await fetch(`${mimicus.url}/b`)).text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });

  it('resets a scope back to the initial state', async () => {
    const session = await consoles.open(CONFIG, { route: 'workflows' });
    const { page, mimicus } = session;
    await fetch(`${mimicus.url}/api/cart`, asSession('carol'));
    await page.getByRole('button', { name: 'Refresh' }).click();
    const checkout = page.locator('[data-workflow="checkout"]');
    await checkout.locator('[data-state="carted"].current').waitFor();
    await checkout.getByRole('button', { name: 'Reset session:carol' }).click();
    await checkout.locator('[data-state="browsing"].current').waitFor();
    expect(await checkout.locator('tr[data-scope]').count()).toBe(0);
    // Back in browsing, checkout answers as with an empty cart.
    expect((await fetch(`${mimicus.url}/api/checkout`, asSession('carol'))).status).toBe(409);
  });
});
