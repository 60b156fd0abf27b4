import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from '../e2e/console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: flaky
    path: /flaky
    sequence: { after: cycle, key: all, responses: [ { status: 200 }, { status: 200 }, { status: 200 }, { status: 503 } ] }
    slo: { availability: 80%, latency: { p99: 5s }, window: 7d }
  - id: plain
    path: /plain
    response: { status: 200 }
`;

describe('console: SLO table on the Metrics page', () => {
  const consoles = useConsoles();
  let configDir: string | undefined;
  afterEach(() => {
    // The harness writes the config to a temp dir of its own.
    if (configDir) rmSync(configDir, { recursive: true, force: true });
    configDir = undefined;
  });

  it('shows SLI, target, budget left and burn rates per objective', async () => {
    const { page, mimicus } = await consoles.open(CONFIG, { route: 'metrics' });
    configDir = dirname(mimicus.file);
    for (let i = 0; i < 8; i++) await (await fetch(`${mimicus.url}/flaky`)).arrayBuffer();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const availability = page.locator('[data-slo="endpoint:flaky:availability"]');
    // 2 bad of 8: 25% against a 20% budget.
    await expect.poll(() => availability.locator('[data-stat="sli"]').textContent()).toBe('75%');
    expect(await availability.locator('[data-stat="target"]').textContent()).toBe('≥ 80%');
    expect(await availability.locator('[data-stat="budget"]').textContent()).toBe('-25%');
    expect(await availability.locator('[data-stat="budget"]').getAttribute('class')).toContain('budget-spent');
    expect(await availability.locator('[data-stat="burn-1h"]').textContent()).toBe('1.25');
    expect(await availability.locator('[data-stat="burn-6h"]').textContent()).toBe('1.25');
    expect(await availability.textContent()).toContain('over 7d');
    const latency = page.locator('[data-slo="endpoint:flaky:latency-p99"]');
    expect(await latency.locator('[data-stat="sli"]').textContent()).toBe('100%');
    expect(await latency.locator('[data-stat="target"]').textContent()).toBe('99% ≤ 5000 ms');
    expect(await latency.locator('[data-stat="budget"]').textContent()).toBe('100%');
    expect(await page.locator('.slo-table tbody tr').count()).toBe(2);
    await screenshot(page, 'metrics-slo');
  });

  it('shows no SLO table when no slo: is configured', async () => {
    const { page, mimicus } = await consoles.open('version: 2\nendpoints: [ { id: a, path: /a, response: { status: 200 } } ]\n', { route: 'metrics' });
    configDir = dirname(mimicus.file);
    await page.locator('.metrics-overall').waitFor();
    expect(await page.locator('.slo-table').count()).toBe(0);
  });
});
