import { describe, expect, it } from 'vitest';
import { inBrowser, screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: slow
    method: GET
    path: /slow
    latency: { fixed: 30ms }
    response: { status: 200, body: late }
  - id: broken
    method: GET
    path: /broken
    response: { status: 503 }
`;

describe('console: Metrics page', () => {
  const consoles = useConsoles();

  it('shows intended vs observed latency per endpoint, with error rates', async () => {
    const session = await consoles.open(CONFIG, { route: 'metrics' });
    const { page, mimicus } = session;
    await Promise.all(Array.from({ length: 8 }, () => fetch(`${mimicus.url}/slow`).then((r) => r.text())));
    for (let i = 0; i < 2; i++) await fetch(`${mimicus.url}/broken`);
    await page.getByRole('button', { name: 'Refresh' }).click();

    const slow = page.locator('.metrics-endpoint[data-endpoint="slow"]');
    await slow.waitFor();
    const ms = async (stat: string) => Number(await slow.locator(`[data-stat="${stat}"]`).getAttribute('data-ms'));
    // The first poll (before these requests) may still be on screen: wait for the refreshed one.
    await expect.poll(() => slow.locator('[data-stat="requests"]').textContent()).toBe('8');
    expect(await ms('intended-p50')).toBe(30);
    expect(await ms('intended-p99')).toBe(30);
    const observedP50 = await ms('observed-p50');
    expect(observedP50).toBeGreaterThanOrEqual(29.5);
    // One decimal below 100 ms, none above (a busy machine can observe 150 ms for the 30 intended).
    const shown = observedP50 >= 100 ? observedP50.toFixed(0) : observedP50.toFixed(1);
    expect(await slow.locator('.fidelity-chart svg').getAttribute('aria-label')).toMatch(
      new RegExp(`^slow intended vs observed latency: p50 30\\.0 ms intended, ${shown.replace('.', '\\.')} ms observed`),
    );
    expect(await slow.locator('.fidelity-chart rect').count()).toBe(6);

    const broken = page.locator('.metrics-endpoint[data-endpoint="broken"]');
    await expect.poll(() => broken.textContent()).toContain('2 (100%)');
    // Every poll adds a point to the charts.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => page.locator('.metrics-overall svg polyline').count()).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'metrics');
    // A narrow window stacks the charts instead of scrolling the page sideways.
    await page.setViewportSize({ width: 420, height: 800 });
    await expect.poll(() => inBrowser<number>(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(420);
    await screenshot(page, 'metrics-narrow');
  });

  it('counts 429s where failures are looked for, splits by outcome, and shows the current rate beside the average', async () => {
    const session = await consoles.open(
      `version: 2
endpoints:
  - id: limited
    method: GET
    path: /limited
    latency: { fixed: 20ms }
    rateLimit: { rate: 1/m, burst: 2 }
    response: { body: ok }
`,
      { route: 'metrics' },
    );
    const { page, mimicus } = session;
    for (let i = 0; i < 12; i++) await fetch(`${mimicus.url}/limited`);
    const limited = page.locator('.metrics-endpoint[data-endpoint="limited"]');
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return limited.locator('[data-stat="current-rps"]').textContent();
        },
        { timeout: 15_000 },
      )
      .not.toBe('0.00/s');
    // The same refresh loop until the counts of all twelve are shown: a refresh may land between the
    // current-rate and the totals (the second fresh-clone gate of stop 18 read '0 (0%)' once).
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return limited.locator('[data-stat="rate-limited"]').textContent();
        },
        { timeout: 15_000 },
      )
      .toBe('10 (83%)');
    expect(await limited.locator('[data-stat="outcomes"]').textContent()).toBe('answered 2, rate-limited 10, faulted 0, unmatched 0');
    expect(await limited.locator('[data-stat="window-rps"]').count()).toBe(1);
    // The answered requests' own latency, not pulled down by the instant 429s.
    expect(Number(await limited.locator('[data-stat="answered-p50"]').getAttribute('data-ms'))).toBeGreaterThanOrEqual(19.5);
    expect(Number(await limited.locator('[data-stat="observed-p50"]').getAttribute('data-ms'))).toBeLessThan(19.5);
  });

  it('renders before any request completed, and an unmatched request without a sampled delay', async () => {
    // A fresh server's /api/metrics has no latency yet (no observed, no intended): the page crashed on it.
    const session = await consoles.open(CONFIG, { route: 'metrics' });
    const { page, mimicus } = session;
    await page.getByText('No requests in this window.').waitFor();
    await fetch(`${mimicus.url}/nowhere`);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const unmatched = page.locator('.metrics-endpoint[data-endpoint="(unmatched)"]');
    await expect.poll(() => unmatched.textContent()).toContain('No delay was sampled for these requests.');
    expect(await unmatched.locator('[data-stat="observed-p50"]').count()).toBe(1);
    expect(await unmatched.locator('[data-stat="intended-p50"]').count()).toBe(0);
    expect(session.browserLog.filter((line) => line.includes('page error'))).toEqual([]);
  });

  it('shows CPU warnings in a banner on every page', async () => {
    // A 1% threshold is crossed by any work at all, and never clears (below -9%).
    const config = `${CONFIG}observability:\n  cpuWarnings: { thresholds: [1], sustain: 100ms, interval: 50ms }\n`;
    const session = await consoles.open(config, { route: 'endpoints' });
    const { page, mimicus } = session;
    // Mimicus runs in this process: keep its CPU busy until the warning is raised.
    const deadline = Date.now() + 3_000;
    for (;;) {
      const spinUntil = Date.now() + 40;
      while (Date.now() < spinUntil);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const { warnings } = (await (await mimicus.api('/api/metrics')).json()) as { warnings: unknown[] };
      if (warnings.length > 0 || Date.now() > deadline) break;
    }
    const banner = page.locator('.warning-banner');
    await expect.poll(() => banner.textContent()).toMatch(/CPU above 1% of one core/);
    await page.getByRole('link', { name: 'State' }).click();
    await page.locator('#state-title').waitFor();
    expect(await banner.isVisible()).toBe(true);
    await screenshot(page, 'warning-banner');
  });
});
