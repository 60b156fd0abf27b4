import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: login
    method: POST
    path: /login
    state: { set: { token: abc }, ttl: 30m }
    response: { status: 204 }
  - id: visit
    method: POST
    path: /visit
    state: { set: { visited: true } }
    response: { status: 204 }
`;

// The first test of a file also pays for the browser's first page load; on a loaded two-core
// machine that alone has taken 20 s. The timeout guards hangs; nothing asserts a duration.
describe('console: State page, expiry', { timeout: 40_000 }, () => {
  const consoles = useConsoles();

  it("shows each variable's TTL, and never for one kept until deleted", async () => {
    const session = await consoles.open(CONFIG, { route: 'state' });
    const { page, mimicus } = session;
    await page.getByText('No state stored.').waitFor();
    await fetch(`${mimicus.url}/login`, { method: 'POST' });
    await fetch(`${mimicus.url}/visit`, { method: 'POST' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const token = page.locator('[data-scope="global"] tr[data-key="token"] [data-expires]');
    await token.waitFor();
    expect(await token.textContent()).toMatch(/^in (29|30) min$/);
    expect(Date.parse((await token.getAttribute('data-expires'))!)).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(await page.locator('[data-scope="global"] tr[data-key="visited"] [data-expires]').textContent()).toBe('never');
    await screenshot(page, 'state-ttl');
  });
});
