import { describe, expect, it } from 'vitest';
import { inBrowser, screenshot, useConsoles } from './console-harness.js';

const KEY = 'console-test-key-0123456789';
const CONFIG = `version: 2
admin:
  apiKeys:
    - { name: console, key: ${KEY} }
endpoints:
  - { id: hello, method: GET, path: /hello, response: { body: hi } }
`;

describe('console: API keys and Settings', () => {
  const consoles = useConsoles();

  it('serves the page without a key, then asks for one when the API answers 401', async () => {
    const session = await consoles.open(CONFIG, { route: 'settings' });
    const { page } = session;
    const prompt = page.getByRole('dialog', { name: 'API key needed' });
    await prompt.waitFor();
    await screenshot(page, 'api-key-prompt');
    // Tab and Shift+Tab stay inside the dialog.
    const focused = () => inBrowser<string>(page, "document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent ?? ''");
    await prompt.getByLabel('API key').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Use key');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('apiKey');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Use key');
    await prompt.getByLabel('API key').fill('wrong-key');
    await prompt.getByRole('button', { name: 'Use key' }).click();
    await prompt.getByText('The server refused that key.').waitFor();
    await prompt.getByLabel('API key').fill(KEY);
    await prompt.getByRole('button', { name: 'Use key' }).click();
    await page.getByText('1 endpoints, 0 workflows').waitFor();
    expect(await page.locator('[data-stat="data-plane-url"]').textContent()).toBe(session.mimicus.url);
    expect(await prompt.count()).toBe(0);
    expect(await inBrowser(page, "sessionStorage.getItem('mimicus.apiKey')")).toBe(KEY);
    await screenshot(page, 'settings');

    // The key is used for the WebSocket too (as ?key=): the inspector goes live.
    await page.getByRole('link', { name: 'Inspector' }).click();
    await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('Live');

    // Clearing the key brings the prompt back at the next call.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Clear key' }).click();
    await prompt.waitFor();
  });

  it("keeps every /api route behind the keys while the console's files need none", async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints' });
    const { mimicus } = session;
    expect((await fetch(`${mimicus.adminUrl}/`)).status).toBe(200);
    expect((await fetch(`${mimicus.adminUrl}/endpoints`)).status).toBe(200);
    expect((await fetch(`${mimicus.adminUrl}/api/endpoints`)).status).toBe(401);
    expect((await fetch(`${mimicus.adminUrl}/api/no-such-route`)).status).toBe(401);
    expect((await fetch(`${mimicus.adminUrl}/metrics`)).status).toBe(401);
  });
});
