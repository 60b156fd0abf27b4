import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: greet
    method: GET
    path: /greet
    response: { status: 200, template: true, body: '{{state.get "greeting"}}' }
  - id: products
    path: /products
    crud: { collection: products }
`;

describe('console: State page', () => {
  const consoles = useConsoles();

  it('sets and edits a variable that a templated endpoint then serves, and a reset empties it', async () => {
    const session = await consoles.open(CONFIG, { route: 'state' });
    const { page, mimicus } = session;
    const greet = async () => (await fetch(`${mimicus.url}/greet`)).text();
    await page.getByText('No state stored.').waitFor();

    await page.getByLabel('Key').fill('greeting');
    await page.getByLabel('Value (JSON)').fill('hello');
    await expect.poll(() => page.locator('#new-state-value-issue').textContent()).toMatch(/^Not JSON/);
    expect(await page.getByRole('button', { name: 'Set', exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Value (JSON)').fill('"hello"');
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await page.locator('[data-scope="global"] tr[data-key="greeting"]').waitFor();
    expect(await greet()).toBe('hello');

    await page.getByRole('button', { name: 'Edit global greeting' }).click();
    const value = page.getByLabel('Value of global greeting');
    await value.fill('"bonjour');
    await expect.poll(() => value.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await screenshot(page, 'state-invalid');
    await value.fill('"bonjour"');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('tr[data-key="greeting"] .state-value').textContent()).toBe('"bonjour"');
    expect(await greet()).toBe('bonjour');

    await page.getByRole('button', { name: 'Reset global' }).click();
    await page.getByRole('button', { name: 'Confirm reset' }).click();
    await page.getByText('No state stored.').waitFor();
    expect(await greet()).toBe('');
  });

  it("shows a sequence's next value", async () => {
    const session = await consoles.open(
      `version: 2
endpoints:
  - { id: order, method: POST, path: /orders, response: { template: true, body: '{{sequence "orders" start=1000 scope="global"}}' } }
`,
      { route: 'state' },
    );
    const { page, mimicus } = session;
    for (let i = 0; i < 3; i++) await fetch(`${mimicus.url}/orders`, { method: 'POST' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const note = page.locator('tr[data-kind="seq"] [data-next-value]');
    await expect.poll(() => note.textContent()).toBe('issued 3; next 4 (start + 3 with start=N)');
    expect(await (await fetch(`${mimicus.url}/orders`, { method: 'POST' })).text()).toBe('1003');
  });

  it('sets a variable that expires, and shows the API refusing a ttl that is not a duration', async () => {
    const session = await consoles.open(CONFIG, { route: 'state' });
    const { page, mimicus } = session;
    await page.getByText('No state stored.').waitFor();
    await page.getByLabel('Key').fill('greeting');
    await page.getByLabel('Value (JSON)').fill('"hi"');
    await page.getByLabel('Expires after').fill('soon');
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Failed: .*body\.ttl/);
    expect((await mimicus.api('/api/state/global/greeting')).status).toBe(404);

    await page.getByLabel('Expires after').fill('1s');
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Set greeting in global for 1s');
    expect((await mimicus.api('/api/state/global/greeting')).status).toBe(200);
    await expect.poll(async () => (await mimicus.api('/api/state/global/greeting')).status, { timeout: 5_000 }).toBe(404);
  });

  it('shows CRUD collections as tables with a column per field, and deletes a variable', async () => {
    const session = await consoles.open(CONFIG, { route: 'state' });
    const { page, mimicus } = session;
    for (const item of [
      { name: 'Saw', price: 20 },
      { name: 'Chisel', category: 'tools' },
    ]) {
      const response = await fetch(`${mimicus.url}/products`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(item) });
      expect(response.status).toBe(201);
    }
    expect((await mimicus.api('/api/state/global/motto', { method: 'PUT', json: { value: { words: ['keep', 'calm'] } } })).status).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const table = page.locator('[data-scope="global"] [data-collection="products"] table');
    await table.waitFor();
    expect(await table.locator('th').allTextContents()).toEqual(['id', 'name', 'price', 'category']);
    expect(await table.locator('tbody tr').count()).toBe(2);
    // The collection's id counter is bookkeeping, not a second collection.
    expect(await page.locator('[data-collection]').count()).toBe(1);
    expect(await table.locator('tbody tr').filter({ hasText: 'Chisel' }).locator('td').allTextContents()).toEqual([expect.any(String), 'Chisel', '', 'tools']);
    expect(await page.locator('tr[data-key="motto"] .state-value').textContent()).toBe('{"words":["keep","calm"]}');
    await screenshot(page, 'state');

    await page.getByRole('button', { name: 'Delete global motto' }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.locator('tr[data-key="motto"]').waitFor({ state: 'detached' });
    expect((await mimicus.api('/api/state/global/motto')).status).toBe(404);
  });
});
