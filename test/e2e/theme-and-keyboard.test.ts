import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { inBrowser, screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - { id: hello, method: GET, path: /hello, response: { body: hi } }
`;

const background = (page: Page) => inBrowser<string>(page, 'getComputedStyle(document.body).backgroundColor');

describe('console: themes and keyboard', () => {
  const consoles = useConsoles();

  it('follows the system colour scheme and switches with the theme toggle', async () => {
    const session = await consoles.open(CONFIG);
    const { page } = session;
    await page.locator('tr[data-endpoint="hello"]').waitFor();
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background(page);
    expect(dark).not.toBe(light);

    await page.emulateMedia({ colorScheme: 'light' });
    const toggle = page.getByRole('button', { name: /^Theme:/ });
    await toggle.click(); // auto → light
    await toggle.click(); // light → dark
    expect(await toggle.textContent()).toBe('Theme: dark');
    expect(await background(page)).toBe(dark);
    await screenshot(page, 'endpoints-dark');
  });

  it('can be driven from the keyboard: tab to a control, act with Enter', async () => {
    const session = await consoles.open(CONFIG);
    const { page } = session;
    await page.locator('tr[data-endpoint="hello"]').waitFor();
    // Tab until the "New endpoint" button has focus: every control is a real, focusable element.
    for (let presses = 0; presses < 15; presses++) {
      await page.keyboard.press('Tab');
      if ((await inBrowser(page, 'document.activeElement?.textContent')) === 'New endpoint') break;
    }
    expect(await inBrowser(page, 'document.activeElement?.textContent')).toBe('New endpoint');
    expect(await inBrowser(page, "document.activeElement?.matches(':focus-visible')")).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'New endpoint' }).waitFor();
  });
});
