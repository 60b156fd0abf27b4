import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: orders
    method: POST
    path: /orders
    response: { status: 201, body: ordered }
`;

const GOLD_HEADER = { headers: { 'x-tier': 'gold' } };
const GOLD_QUERY = { query: { tier: 'gold' } };
const BLOCKED = { headers: { 'x-blocked': 'yes' } };

describe('console: Endpoint editor, combined matches', () => {
  const consoles = useConsoles();

  it('saves a present body, an any of two nested matches and a not, which then decide over HTTP', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/orders/edit' });
    const { page, mimicus } = session;
    await page.getByLabel('Body predicate').selectOption('present');
    await page.getByRole('button', { name: '+ any' }).click();
    await page.getByRole('button', { name: '+ any' }).click();
    await page.getByLabel('any 1', { exact: true }).fill(JSON.stringify(GOLD_HEADER));
    await page.getByLabel('any 2', { exact: true }).fill(JSON.stringify(GOLD_QUERY));
    await page.getByRole('button', { name: '+ not' }).click();
    // One `not` at most: its add button is gone once it is there.
    expect(await page.getByRole('button', { name: '+ not' }).count()).toBe(0);
    await page.getByLabel('not', { exact: true }).fill(JSON.stringify(BLOCKED));
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
    await screenshot(page, 'editor-match-combinators');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText(/^Saved orders/).waitFor();

    const post = (query: string, headers: Record<string, string>, body: string) => fetch(`${mimicus.url}/orders${query}`, { method: 'POST', headers, body });
    expect((await post('', { 'x-tier': 'gold' }, 'one')).status).toBe(201);
    expect((await post('?tier=gold', {}, 'one')).status).toBe(201);
    expect((await post('', {}, 'one')).status).toBe(404); // neither of any
    expect((await post('?tier=gold', {}, '')).status).toBe(404); // no body
    expect((await post('?tier=gold', { 'x-blocked': 'yes' }, 'one')).status).toBe(404); // not
    const config = (await (await mimicus.api('/api/config')).json()) as { endpoints: { id: string; match?: unknown }[] };
    expect(config.endpoints.find((endpoint) => endpoint.id === 'orders')?.match).toEqual({
      body: { present: true },
      any: [GOLD_HEADER, GOLD_QUERY],
      not: BLOCKED,
    });

    // Loaded again, each nested match shows pretty-printed in its own field, and nothing is left to the YAML tab.
    await page.reload();
    await expect.poll(() => page.getByLabel('Body predicate').inputValue()).toBe('present');
    expect(await page.getByLabel('any 2', { exact: true }).inputValue()).toBe(JSON.stringify(GOLD_QUERY, null, 2));
    expect(await page.getByLabel('not', { exact: true }).inputValue()).toBe(JSON.stringify(BLOCKED, null, 2));
    expect(await page.getByRole('group', { name: 'Match', exact: true }).getByText('in the YAML tab').count()).toBe(0);
    await page.getByRole('button', { name: 'Remove any 1' }).click();
    expect(await page.getByLabel('any 1', { exact: true }).inputValue()).toBe(JSON.stringify(GOLD_QUERY, null, 2));
  });

  it('names invalid JSON next to the nested match, keeps its last valid value in the draft, and will not save until it parses', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/orders/edit' });
    const { page } = session;
    await page.getByRole('button', { name: '+ all' }).click();
    const all1 = page.getByLabel('all 1', { exact: true });
    await all1.fill(JSON.stringify(GOLD_HEADER));
    await all1.fill('{ "headers": ');
    const problem = page.getByRole('group', { name: /^all:/ }).getByRole('alert');
    await expect.poll(() => problem.textContent()).toMatch(/^not valid JSON/);
    expect(await all1.getAttribute('aria-invalid')).toBe('true');
    // The draft still holds the valid value, yet the page counts the field's problem and refuses to save.
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('1 issue');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Not saved: all 1: not valid JSON/);
    const saved = (await (await session.mimicus.api('/api/config')).json()) as { endpoints: { id: string; match?: unknown }[] };
    expect(saved.endpoints.find((endpoint) => endpoint.id === 'orders')?.match).toBeUndefined();
    await page.getByRole('tab', { name: 'YAML' }).click();
    expect(await page.getByLabel('The endpoint as YAML').inputValue()).toMatch(/all:\n\s+- headers:\n\s+x-tier: gold/);
    await page.getByRole('tab', { name: 'Form' }).click();
    await all1.fill('[]');
    await expect.poll(() => problem.textContent()).toBe('must be a JSON object ({ … })');
    await all1.fill('{}');
    await expect.poll(() => problem.count()).toBe(0);
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
  });

  it('matches the body against a JSON Schema, and does not pass on a schema that is not JSON', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/orders/edit' });
    const { page, mimicus } = session;
    await page.getByLabel('Body predicate').selectOption('jsonSchema');
    const schema = page.getByLabel('Body JSON Schema');
    await schema.fill('{ "type": "object", "required": ["sku"');
    await expect.poll(() => page.locator('.body-predicate .issue').textContent()).toMatch(/^not valid JSON/);
    await schema.fill('{ "type": "object", "required": ["sku"] }');
    await expect.poll(() => page.locator('.body-predicate .issue').count()).toBe(0);
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText(/^Saved orders/).waitFor();
    const post = (body: unknown) =>
      fetch(`${mimicus.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ sku: 'a1' })).status).toBe(201);
    expect((await post({ name: 'a1' })).status).toBe(404);
  });
});
