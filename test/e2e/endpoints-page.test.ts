import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: hi }
  - id: flaky
    method: POST
    path: /orders
    errors: [{ rate: 0.5, status: 503 }]
    rateLimit: { rate: 10/s }
    response: { status: 201, body: created }
`;

describe('console: Endpoints page', () => {
  const consoles = useConsoles();

  it('lists endpoints with their behavior badges and hit counts', async () => {
    const session = await consoles.open(CONFIG);
    const { page, mimicus } = session;
    for (let i = 0; i < 3; i++) await fetch(`${mimicus.url}/hello`);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const hello = page.locator('tr[data-endpoint="hello"]');
    await expect.poll(() => hello.locator('td').nth(4).textContent()).toBe('3');
    const flaky = page.locator('tr[data-endpoint="flaky"]');
    expect(await flaky.locator('.badge').allTextContents()).toEqual(['faults', 'limits']);
    await page.getByRole('searchbox').fill('orders');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'endpoints');
  });

  it('creates an endpoint through the form, which then answers over HTTP', async () => {
    const session = await consoles.open(CONFIG);
    const { page, mimicus } = session;
    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.getByLabel('Id').fill('world');
    await page.getByLabel('Path').fill('/world');
    await page.getByLabel('Status').fill('202');
    await page.getByLabel('Body').fill('earth');
    await screenshot(page, 'endpoints-create');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.locator('tr[data-endpoint="world"]').waitFor();
    const response = await fetch(`${mimicus.url}/world`);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('earth');
  });

  it('opens the full editor for a new endpoint', async () => {
    const session = await consoles.open(CONFIG);
    const { page } = session;
    await page.getByRole('link', { name: 'New in the full editor' }).click();
    await expect.poll(() => page.evaluate('location.hash')).toBe('#/endpoints/new');
  });

  it("shows the server's issues next to the fields they concern", async () => {
    const session = await consoles.open(CONFIG);
    const { page } = session;
    await page.getByRole('button', { name: 'New endpoint' }).click();
    await page.getByLabel('Id').fill('broken');
    await page.getByLabel('Path').fill('no-slash');
    await page.getByLabel('Status').fill('99');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await expect.poll(() => page.locator('#endpoint-path-issue').textContent()).toMatch(/starting with "\/"/);
    expect(await page.locator('#endpoint-status-issue').textContent()).toMatch(/100-599/);
    expect(await page.getByLabel('Path').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'endpoints-invalid');
  });

  it('duplicates an endpoint under a new id and path, keeping its behaviors', async () => {
    const session = await consoles.open(CONFIG);
    const { page, mimicus } = session;
    await page.getByRole('button', { name: 'Duplicate flaky' }).click();
    expect(await page.getByLabel('Id').inputValue()).toBe('flaky-copy');
    await page.getByLabel('Path').fill('/orders-copy');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.locator('tr[data-endpoint="flaky-copy"]').waitFor();
    const copy = (await (await mimicus.api('/api/endpoints/flaky-copy')).json()) as Record<string, unknown>;
    expect(copy).toMatchObject({ method: 'POST', path: '/orders-copy', rateLimit: { rate: '10/s' }, response: { status: 201, body: 'created' } });
  });

  it('deletes an endpoint after a confirmation', async () => {
    const session = await consoles.open(CONFIG);
    const { page, mimicus } = session;
    await page.getByRole('button', { name: 'Delete hello' }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.locator('tr[data-endpoint="hello"]').waitFor({ state: 'detached' });
    expect((await mimicus.api('/api/endpoints/hello')).status).toBe(404);
    expect((await fetch(`${mimicus.url}/hello`)).status).toBe(404);
  });

  it('turns an endpoint off with its toggle, so it stops answering, and on again', async () => {
    const session = await consoles.open(CONFIG);
    const { page, mimicus } = session;
    const toggle = page.getByRole('switch', { name: 'Enabled hello' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    expect(await (await mimicus.api('/api/endpoints/hello')).json()).toMatchObject({ enabled: false });
    expect((await fetch(`${mimicus.url}/hello`)).status).toBe(404);
    await screenshot(page, 'endpoints-disabled');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    expect((await fetch(`${mimicus.url}/hello`)).status).toBe(200);
  });

  it('filters by workflow: listed ids, or path prefix and tags', async () => {
    const session = await consoles.open(`version: 2
endpoints:
  - { id: hello, path: /hello, response: { body: hi } }
  - { id: cart, path: /shop/cart, tags: [shop], response: { body: c } }
  - { id: pay, path: /shop/pay, response: { body: p } }
  - { id: shopping, path: /shopping, tags: [shop], response: { body: s } }
workflows:
  - { id: listed, endpoints: [hello, pay] }
  - { id: tagged, match: { pathPrefix: /shop, tags: [shop] } }
`);
    const { page } = session;
    await page.locator('tr[data-endpoint="hello"]').waitFor();
    const workflow = page.getByLabel('Workflow');
    await expect.poll(() => workflow.locator('option').allTextContents()).toEqual(['any', 'listed', 'tagged']);
    const ids = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-endpoint')));
    await workflow.selectOption('tagged');
    await expect.poll(ids).toEqual(['cart']);
    await workflow.selectOption('listed');
    await expect.poll(ids).toEqual(['hello', 'pay']);
    await screenshot(page, 'endpoints-workflow-filter');
    await workflow.selectOption('any');
    await expect.poll(ids).toHaveLength(4);
  });

  it('follows changes made elsewhere without a refresh', async () => {
    const session = await consoles.open(CONFIG);
    const { page, mimicus } = session;
    await page.locator('tr[data-endpoint="hello"]').waitFor();
    const created = await mimicus.api('/api/endpoints', { method: 'POST', json: { id: 'elsewhere', path: '/elsewhere', response: { body: 'x' } } });
    expect(created.status).toBe(201);
    await page.locator('tr[data-endpoint="elsewhere"]').waitFor();
  });
});
