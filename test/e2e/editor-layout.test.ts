import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: greet
    method: GET
    path: /greet/{name}
    response: { status: 200, template: true, body: 'hello {{request.params.name}}' }
`;

// The first test of a file also pays for the browser's first page load; on a loaded two-core
// machine that alone has taken 20 s. The timeout guards hangs; nothing asserts a duration.
describe('console: Endpoint editor layout', { timeout: 40_000 }, () => {
  const consoles = useConsoles();

  it('shows the template preview beside the form on a wide screen, still in view when scrolled to the bottom', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/greet/edit', viewport: { width: 1400, height: 900 } });
    const { page } = session;
    const preview = page.getByRole('complementary', { name: 'Template preview' });
    const response = page.locator('fieldset', { has: page.locator('legend', { hasText: /^Response$/ }) });
    await preview.waitFor();
    const [previewBox, responseBox] = [await preview.boundingBox(), await response.boundingBox()];
    expect(previewBox!.x).toBeGreaterThanOrEqual(responseBox!.x + responseBox!.width);
    await page.getByRole('heading', { name: 'Edit greet' }).waitFor();
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    const scrolled = await preview.boundingBox();
    expect(scrolled!.y).toBeGreaterThanOrEqual(0);
    expect(scrolled!.y).toBeLessThan(900);
    await screenshot(page, 'editor-wide-preview');
  });

  it('edits the form and the YAML side by side, each following the other', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/greet/edit', viewport: { width: 1400, height: 900 } });
    const { page } = session;
    await page.getByRole('tab', { name: 'Side by side' }).click();
    const yaml = page.getByLabel('The endpoint as YAML');
    const path = page.getByLabel('Path', { exact: true });
    const [formBox, yamlBox] = [await path.boundingBox(), await yaml.boundingBox()];
    expect(yamlBox!.x).toBeGreaterThan(formBox!.x + formBox!.width / 2);

    await path.fill('/hello/{name}');
    await expect.poll(() => yaml.inputValue()).toContain('path: /hello/{name}');
    await yaml.fill((await yaml.inputValue()).replace('path: /hello/{name}', 'path: /hi/{name}'));
    await expect.poll(() => path.inputValue()).toBe('/hi/{name}');
    // A half-typed YAML edit is kept as typed, not replaced by the form's draft.
    await yaml.fill('id: greet\nmethod: [');
    await expect.poll(() => page.locator('.yaml-tab .issue').first().textContent()).toMatch(/^YAML:/);
    expect(await yaml.inputValue()).toBe('id: greet\nmethod: [');
    await screenshot(page, 'editor-side-by-side');
  });
});
