import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../proxy/backends.js';
import { screenshot, useConsoles } from './console-harness.js';

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

describe('console: the endpoint editor’s proxy form', () => {
  const consoles = useConsoles();

  it('creates a proxied endpoint through the form (upstream, strip prefix, header, timeout) that forwards as the YAML says', async () => {
    const backend = await startBackend();
    backends.push(backend);
    const session = await consoles.open(
      `version: 2
upstreams:
  - { id: orders-backend, targets: [{ url: "${backend.url}" }] }
endpoints:
  - { id: ping, path: /ping, response: { body: pong } }
`,
      { route: 'endpoints/new' },
    );
    const { page, mimicus } = session;
    await page.getByLabel('Id', { exact: true }).fill('orders');
    await page.getByLabel('Path', { exact: true }).fill('/api/**');
    await page.getByLabel('Proxy to a backend').check();
    const upstream = page.getByLabel('Upstream', { exact: true });
    await upstream.locator('option[value="orders-backend"]').waitFor({ state: 'attached' });
    await upstream.selectOption('orders-backend');
    expect(await page.getByLabel('Response status').count()).toBe(0);
    await page.getByLabel('Strip prefix').fill('api');
    // Each issue shows in the proxy block, under its field's row.
    await expect.poll(() => page.locator('[data-block="answer-with"] .issue', { hasText: 'must start with "/"' }).count()).toBeGreaterThan(0);
    await page.getByLabel('Strip prefix').fill('/api');
    await page.getByLabel('Proxy timeout').fill('soon');
    await expect.poll(() => page.locator('[data-block="answer-with"] .issue', { hasText: 'expected a duration' }).count()).toBeGreaterThan(0);
    await page.getByLabel('Proxy timeout').fill('2s');
    await page.getByRole('button', { name: '+ set request header' }).click();
    await page.getByLabel('Set request header 1 name').fill('x-from');
    await page.getByLabel('Set request header 1 value').fill('console');
    await page.getByLabel('Remove request headers').fill('cookie');
    await page.getByLabel('Latency distribution').selectOption('fixed');
    await page.getByLabel('Latency mode').selectOption('total');
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');

    // The YAML tab shows the same endpoint; an edit there comes back to the form.
    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = page.getByLabel('The endpoint as YAML');
    const text = await yaml.inputValue();
    expect(text).toContain('upstream: orders-backend');
    expect(text).toContain('stripPrefix: /api');
    expect(text).toMatch(/x-from: console/);
    expect(text).toMatch(/mode: total/);
    expect(text).not.toContain('response:');
    await yaml.fill(text.replace('timeout: 2s', 'timeout: 3s'));
    await page.getByRole('tab', { name: 'Form' }).click();
    expect(await page.getByLabel('Proxy timeout').inputValue()).toBe('3s');
    await screenshot(page, 'editor-proxy');

    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Edit orders' }).waitFor();
    const res = await fetch(`${mimicus.url}/api/items?x=1`, { headers: { cookie: 'secret=1' } });
    expect(res.status).toBe(200);
    const echoed = (await res.json()) as { url: string; headers: Record<string, string> };
    expect(echoed.url).toBe('/items?x=1');
    expect(echoed.headers['x-from']).toBe('console');
    expect(echoed.headers.cookie).toBeUndefined();

    // Back to a mock: the proxy block goes, a response comes.
    await page.getByLabel('Mock', { exact: true }).check();
    await page.getByLabel('Response status').waitFor();
    await page.getByRole('tab', { name: 'YAML' }).click();
    expect(await page.getByLabel('The endpoint as YAML').inputValue()).not.toContain('proxy:');
  }, 60_000);
});
