import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const SHOP = `version: 2
endpoints:
  - { id: add-to-cart, method: POST, path: /api/cart, response: { status: 201, json: { added: true } } }
  - { id: checkout, method: POST, path: /api/checkout, response: { status: 201, json: { orderId: 1000 } } }
  - { id: view-cart, method: GET, path: /api/cart, response: { json: { items: [] } } }
`;

const asSession = (session: string) => ({ method: 'POST', headers: { 'x-mimicus-session': session } });

describe('console: the workflow form', () => {
  const consoles = useConsoles();

  it('creates a workflow without YAML, naming each issue under its field; requests then move a session through it, as the State page shows', async () => {
    const session = await consoles.open(SHOP, { route: 'workflows' });
    const { page, mimicus } = session;
    await page.getByText('No workflows in this config.').waitFor();
    await page.getByRole('button', { name: 'New workflow' }).click();
    const editor = page.getByRole('region', { name: 'New workflow' });
    await editor.getByLabel('Workflow id').waitFor();
    // Nothing is wrong before the user types.
    expect(await editor.locator('.issue').count()).toBe(0);
    expect(await editor.locator('[data-validity]').textContent()).toBe('');

    await editor.getByLabel('Workflow id').fill('checkout-flow');
    const members = editor.locator('fieldset', { has: page.getByText('Members', { exact: true }) });
    await members.locator('.issue').waitFor();
    expect(await members.locator('.issue').textContent()).toContain('must not be empty');
    await members.getByLabel('add-to-cart').check();
    await members.getByLabel('checkout', { exact: true }).check();
    await expect.poll(() => members.locator('.issue').count()).toBe(0);

    await editor.getByLabel(/This workflow has states/).check();
    await editor.getByLabel('Initial state').fill('browsing');
    const first = editor.locator('li[data-transition="0"]');
    expect(await first.getByLabel('On the answer of').inputValue()).toBe('add-to-cart');
    await first.getByLabel('From').fill('browsing');
    await first.getByLabel('To').fill('carted');
    await editor.getByRole('button', { name: 'Add transition' }).click();
    const second = editor.locator('li[data-transition="1"]');
    expect(await second.getByLabel('From').inputValue()).toBe('carted');
    await second.getByLabel('On the answer of').fill('chekout');
    await second.getByLabel('To').fill('paid');
    // The server's issue, under the field it is about, with its suggestion.
    await expect.poll(() => second.locator('.issue').textContent()).toMatch(/no endpoint has id "chekout".*checkout/);
    await second.getByLabel('On the answer of').fill('checkout');
    await expect.poll(() => editor.locator('[data-validity]').textContent()).toBe('✓ valid');

    // The YAML tab shows the same workflow; an edit there comes back to the form.
    await editor.getByRole('tab', { name: 'YAML' }).click();
    const yaml = editor.getByLabel('The workflow as YAML');
    const text = await yaml.inputValue();
    expect(text).toContain('initial: browsing');
    expect(text).toContain('endpoints:\n  - add-to-cart\n  - checkout');
    await yaml.fill(text.replace('to: paid', 'to: ordered'));
    await editor.getByRole('tab', { name: 'Side by side' }).click();
    expect(await editor.locator('li[data-transition="1"]').getByLabel('To').inputValue()).toBe('ordered');
    await screenshot(page, 'workflow-form');

    await editor.getByLabel('Change message').fill('the checkout journey');
    await editor.getByRole('button', { name: 'Create workflow' }).click();
    await page.getByText('Saved workflow checkout-flow: serving now.').waitFor();
    const card = page.locator('[data-workflow="checkout-flow"]');
    await card.locator('[data-state="browsing"].current').waitFor();
    const versions = (await (await mimicus.api('/api/versions')).json()) as { items: { message?: string }[] };
    expect(versions.items[0]?.message).toBe('the checkout journey');

    // Driven through the data plane: the session's state moves, and the State page shows it.
    expect((await fetch(`${mimicus.url}/api/cart`, asSession('alice'))).status).toBe(201);
    await page.getByRole('link', { name: 'State' }).click();
    const row = page.locator('[data-scope="session:alice"] tr[data-kind="wf"]');
    await expect.poll(() => row.locator('.state-value').textContent()).toBe('"carted"');
    expect((await fetch(`${mimicus.url}/api/checkout`, asSession('alice'))).status).toBe(201);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => row.locator('.state-value').textContent()).toBe('"ordered"');
  });

  it('edits a workflow in the form: its id stays, a bad precedence is named, a removed transition is gone once saved', async () => {
    const session = await consoles.open(
      `${SHOP}workflows:
  - id: shop
    endpoints: [add-to-cart, checkout]
    overrides: { latency: { fixed: 1ms } }
    states:
      initial: browsing
      transitions:
        - { on: add-to-cart, from: browsing, to: carted }
        - { on: checkout, from: carted, to: paid }
        - { on: view-cart, from: "*", to: browsing }
`.replace('endpoints: [add-to-cart, checkout]', 'endpoints: [add-to-cart, checkout, view-cart]'),
      { route: 'workflows' },
    );
    const { page, mimicus } = session;
    await page.getByRole('button', { name: 'Edit workflow shop' }).click();
    const editor = page.getByRole('region', { name: 'Edit shop' });
    expect(await editor.getByLabel('Workflow id').getAttribute('readonly')).not.toBeNull();
    expect(await editor.getByText('Overrides and the shared rate limit are kept as they are').count()).toBe(1);
    await editor.getByLabel('Precedence').fill('high');
    const precedence = editor.locator('.field', { has: page.getByLabel('Precedence') });
    await expect.poll(() => precedence.locator('.issue').count()).toBe(1);
    expect(await editor.getByRole('button', { name: 'Save workflow' }).isEnabled()).toBe(true);
    await editor.getByRole('button', { name: 'Save workflow' }).click();
    await editor.getByText(/^Not saved/).waitFor();
    expect(((await (await mimicus.api('/api/workflows/shop')).json()) as { precedence?: number }).precedence).toBeUndefined();

    await editor.getByLabel('Precedence').fill('5');
    await editor.getByRole('button', { name: 'Remove transition 2' }).click();
    // The rows below the removed one move up with their own values.
    expect(await editor.locator('li[data-transition="1"]').getByLabel('On the answer of').inputValue()).toBe('view-cart');
    expect(await editor.locator('li[data-transition="1"]').getByLabel('From').inputValue()).toBe('*');
    await editor.getByRole('button', { name: 'Save workflow' }).click();
    await page.getByText('Saved workflow shop: serving now.').waitFor();
    const saved = (await (await mimicus.api('/api/workflows/shop')).json()) as {
      precedence?: number;
      overrides?: unknown;
      states?: { transitions: { on: string }[] };
    };
    expect(saved.precedence).toBe(5);
    expect(saved.overrides).toEqual({ latency: { fixed: '1ms' } });
    expect(saved.states?.transitions.map((t) => t.on)).toEqual(['add-to-cart', 'view-cart']);
  });
});
