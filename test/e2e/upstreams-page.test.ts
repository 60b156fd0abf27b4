import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../proxy/backends.js';
import { screenshot, useConsoles } from './console-harness.js';

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

async function named(...names: string[]): Promise<Backend[]> {
  const started = await Promise.all(names.map((name) => startBackend((_req, res) => res.writeHead(200, { 'content-length': String(name.length) }).end(name))));
  backends.push(...started);
  return started;
}

describe('console: Upstreams page', () => {
  const consoles = useConsoles();

  it('shows targets with health and counters, drains and enables a target, and follows drains made elsewhere live', async () => {
    const [a, b] = await named('a', 'b');
    const session = await consoles.open(
      `version: 2
upstreams:
  - { id: orders, balance: round-robin, targets: [{ url: "${a!.url}" }, { url: "${b!.url}" }] }
endpoints:
  - { id: p, path: /api/**, proxy: { upstream: orders } }
`,
      { route: 'upstreams' },
    );
    const { page, mimicus } = session;
    for (let i = 0; i < 4; i++) await (await fetch(`${mimicus.url}/api/x`)).text();
    const rowA = page.locator(`.upstream[data-upstream="orders"] tr[data-target="${a!.url}"]`);
    const rowB = page.locator(`.upstream[data-upstream="orders"] tr[data-target="${b!.url}"]`);
    await rowA.waitFor();
    await expect.poll(() => rowA.locator('[data-stat="requests"]').textContent(), { timeout: 10_000 }).toBe('2');
    expect(await rowB.locator('[data-health]').getAttribute('data-health')).toBe('healthy');

    await rowB.getByRole('button', { name: 'Drain' }).click();
    await expect.poll(() => rowB.locator('[data-health]').getAttribute('data-health')).toBe('drained');
    for (let i = 0; i < 2; i++) expect(await (await fetch(`${mimicus.url}/api/x`)).text()).toBe('a');
    await screenshot(page, 'upstreams');

    await rowB.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => rowB.locator('[data-health]').getAttribute('data-health')).toBe('healthy');

    // A drain through the API (another operator) shows up without a click.
    await page.locator('.live.on').waitFor();
    expect((await mimicus.api('/api/upstreams/orders/targets/0/drain', { method: 'POST' })).status).toBe(200);
    await expect.poll(() => rowA.locator('[data-health]').getAttribute('data-health')).toBe('drained');
  });

  it("shows each target's breaker, follows it opening live, and closes it with the reset button", async () => {
    const failing = await startBackend((_req, res) => res.writeHead(503, { 'content-length': '4' }).end('down'));
    const [healthy] = await named('ok');
    backends.push(failing);
    const session = await consoles.open(
      `version: 2
upstreams:
  - id: orders
    balance: round-robin
    targets: [{ url: "${failing.url}" }, { url: "${healthy!.url}" }]
    circuitBreaker: { failureThreshold: 1, openFor: 1h }
endpoints:
  - { id: p, path: /api/**, proxy: { upstream: orders } }
`,
      { route: 'upstreams' },
    );
    const { page, mimicus } = session;
    // One request per target: the failing one's breaker trips on its first 503.
    for (let i = 0; i < 2; i++) await (await fetch(`${mimicus.url}/api/x`)).text();
    const rowFailing = page.locator(`.upstream[data-upstream="orders"] tr[data-target="${failing.url}"]`);
    const rowHealthy = page.locator(`.upstream[data-upstream="orders"] tr[data-target="${healthy!.url}"]`);
    await expect.poll(() => rowFailing.locator('[data-breaker]').getAttribute('data-breaker'), { timeout: 10_000 }).toBe('open');
    expect(await rowHealthy.locator('[data-breaker]').getAttribute('data-breaker')).toBe('closed');
    expect(await page.locator('th', { hasText: 'Breaker' }).count()).toBe(1);
    // The open target is skipped: the healthy one answers.
    expect(await (await fetch(`${mimicus.url}/api/x`)).text()).toBe('ok');
    await screenshot(page, 'upstreams-breaker');

    await page.getByRole('button', { name: 'Reset breakers' }).click();
    await expect.poll(() => rowFailing.locator('[data-breaker]').getAttribute('data-breaker')).toBe('closed');
    expect(await page.getByRole('button', { name: 'Reset breakers' }).isDisabled()).toBe(true);

    // Opened again by traffic (no click): the `upstream.breaker` event refreshes the page.
    await page.locator('.live.on').waitFor();
    for (let i = 0; i < 2; i++) await (await fetch(`${mimicus.url}/api/x`)).text();
    await expect.poll(() => rowFailing.locator('[data-breaker]').getAttribute('data-breaker')).toBe('open');
  });
});
