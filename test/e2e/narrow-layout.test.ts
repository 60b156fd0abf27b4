import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
workflows:
  - { id: checkout, endpoints: [users] }
endpoints:
  - id: users
    method: GET
    path: /api/users/{id}
    latency: { lognormal: { median: 80ms, sigma: 0.5 } }
    errors: [{ rate: 0.1, status: 503 }]
    response: { status: 200, json: { id: 1, name: 'a rather long name that should wrap rather than widen the page' } }
  - id: products
    path: /api/products
    crud: { collection: products }
`;

const WIDTH = 375;

// The first test of a file also pays for the browser's first page load; on a loaded two-core
// machine that alone has taken 20 s. The timeout guards hangs; nothing asserts a duration.
describe('console: a 375 px wide window', { timeout: 40_000 }, () => {
  const consoles = useConsoles();

  const fitsAt = async (page: import('playwright-core').Page, route: string) => {
    await page.evaluate(`location.hash = '#/${route}'`);
    await page.locator('main > *').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate('document.documentElement.scrollWidth'), route).toBeLessThanOrEqual(WIDTH);
    await screenshot(page, `narrow-${route.replaceAll('/', '-')}`);
  };

  it('collapses the page links behind a Menu button, which a followed link closes', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints', viewport: { width: WIDTH, height: 800 } });
    const { page } = session;
    const nav = page.getByRole('navigation', { name: 'Pages' });
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    for (const route of ['State', 'Workflows']) {
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await nav.getByRole('link', { name: route, exact: true }).click();
      await expect.poll(() => page.evaluate('location.hash')).toBe(`#/${route.toLowerCase()}`);
      expect(await nav.isVisible()).toBe(false);
    }
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(WIDTH);
  });

  it('scrolls no list page sideways (tables scroll inside their own box)', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints', viewport: { width: WIDTH, height: 800 } });
    const { page, mimicus } = session;
    await fetch(`${mimicus.url}/api/users/1`);
    await fetch(`${mimicus.url}/api/products`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"tea"}' });
    for (const route of ['endpoints', 'inspector', 'state']) await fitsAt(page, route);
  });

  it('scrolls no other page sideways', async () => {
    const session = await consoles.open(CONFIG, { route: 'metrics', viewport: { width: WIDTH, height: 800 } });
    for (const route of ['metrics', 'versions', 'settings', 'workflows']) await fitsAt(session.page, route);
  });

  it('fits the endpoint editor', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/users/edit', viewport: { width: WIDTH, height: 800 } });
    await session.page.locator('[data-percentile="p99"]').waitFor();
    expect(await session.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(WIDTH);
    await screenshot(session.page, 'narrow-editor');
  });

  it('keeps the page links in the top bar on a wide window', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints', viewport: { width: 1280, height: 800 } });
    const { page } = session;
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'State' }).waitFor();
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
  });
});
