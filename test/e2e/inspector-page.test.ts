import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: hi }
  - id: broken
    method: GET
    path: /broken
    errors: [{ rate: 1, status: 503 }]
    response: { status: 200, body: never }
`;

describe('console: Inspector page', () => {
  const consoles = useConsoles();

  it('shows requests live as they complete, and the detail of one with what was applied', async () => {
    const session = await consoles.open(CONFIG, { route: 'inspector' });
    const { page, mimicus } = session;
    // Live once the server has confirmed the request topic: from then on no event is missed.
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('Live');
    await fetch(`${mimicus.url}/hello`);
    await fetch(`${mimicus.url}/broken`);
    await fetch(`${mimicus.url}/nowhere`);
    await page.locator('tr[data-path="/nowhere"]').waitFor();
    expect(await page.locator('tr[data-path="/broken"] td').nth(3).textContent()).toBe('503');

    await page.locator('tr[data-path="/broken"]').getByRole('button', { name: '/broken' }).click();
    const detail = page.getByRole('complementary', { name: 'Request detail' });
    await detail.getByText('status:503').waitFor();
    await screenshot(page, 'inspector');

    await page.getByLabel('Matched').selectOption('unmatched');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Matched').selectOption('any');
    await page.getByLabel('Status').fill('5xx');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  });

  it('holds new requests back while paused and shows them on resume', async () => {
    const session = await consoles.open(CONFIG, { route: 'inspector' });
    const { page, mimicus } = session;
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('Live');
    await page.getByRole('button', { name: 'Pause' }).click();
    await fetch(`${mimicus.url}/hello`);
    const resume = page.getByRole('button', { name: 'Resume (1 new)' });
    await resume.waitFor();
    expect(await page.locator('tr[data-path="/hello"]').count()).toBe(0);
    await resume.click();
    await page.locator('tr[data-path="/hello"]').waitFor();
  });

  it('stays usable in a narrow window', async () => {
    const session = await consoles.open(CONFIG, { route: 'inspector', viewport: { width: 420, height: 800 } });
    const { page, mimicus } = session;
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('Live');
    await fetch(`${mimicus.url}/hello`);
    await page.locator('tr[data-path="/hello"]').getByRole('button', { name: '/hello' }).click();
    await page.getByRole('complementary', { name: 'Request detail' }).getByText('GET /hello').waitFor();
    await screenshot(page, 'inspector-narrow');
  });
  it('filters by session', async () => {
    const session = await consoles.open(CONFIG, { route: 'inspector' });
    const { page, mimicus } = session;
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('Live');
    await fetch(`${mimicus.url}/hello`, { headers: { 'x-mimicus-session': 'alice' } });
    await fetch(`${mimicus.url}/hello`, { headers: { 'x-mimicus-session': 'bob' } });
    await fetch(`${mimicus.url}/broken`, { headers: { 'x-mimicus-session': 'alice' } });
    await page.locator('td.session', { hasText: 'bob' }).waitFor();
    await page.getByLabel('Session').fill('alice');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    expect(await page.locator('tbody td.session').allTextContents()).toEqual(['alice', 'alice']);
  });

  it('shows the near misses of an unmatched request and creates the endpoint it wanted', async () => {
    const session = await consoles.open(CONFIG, { route: 'inspector' });
    const { page, mimicus } = session;
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('Live');
    expect((await fetch(`${mimicus.url}/hello/world`)).status).toBe(404);
    await page.locator('tr[data-path="/hello/world"]').getByRole('button', { name: '/hello/world' }).click();
    const misses = page.getByRole('region', { name: 'Near misses' });
    const hello = misses.locator('[data-near-miss="hello"]');
    await hello.waitFor();
    expect(await hello.textContent()).toMatch(/path: expected \/hello, got \/hello\/world/);
    await screenshot(page, 'inspector-near-misses');

    await misses.getByRole('button', { name: 'Create endpoint from this request' }).click();
    await page.getByRole('heading', { name: 'New endpoint' }).waitFor();
    expect(await page.getByLabel('Path', { exact: true }).inputValue()).toBe('/hello/world');
    expect(await page.getByLabel('Method', { exact: true }).inputValue()).toBe('GET');
    expect(await page.getByLabel('Id', { exact: true }).inputValue()).toBe('get-hello-world');
    await page.getByLabel('Response body', { exact: true }).fill('created from the inspector');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Edit get-hello-world' }).waitFor();
    const response = await fetch(`${mimicus.url}/hello/world`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('created from the inspector');
  });
});
