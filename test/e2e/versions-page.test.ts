import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles, type ConsoleSession } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: v1 }
`;

/** Changes hello's body through the admin API: one new version each. */
async function changeBody(session: ConsoleSession, body: string) {
  const response = await session.mimicus.api('/api/endpoints/hello', {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json', 'x-change-message': `body ${body}` },
    body: JSON.stringify({ response: { body } }),
  });
  expect(response.status).toBe(200);
}

describe('console: Versions page', () => {
  const consoles = useConsoles();

  it('restores an older version, so the data plane serves its response again', async () => {
    const session = await consoles.open(CONFIG, { route: 'versions' });
    const { page, mimicus } = session;
    await changeBody(session, 'v2');
    await changeBody(session, 'v3');
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('v3');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('tr[data-version="3"]').waitFor();
    expect(await page.locator('tr[data-version="3"]').textContent()).toContain('body v3');

    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByLabel('Restore message (optional)').fill('back to the start');
    await screenshot(page, 'versions-restore');
    await page.getByRole('button', { name: 'Confirm restore' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Restored version 1 as version 4');
    await page.locator('tr[data-version="4"]').waitFor();
    expect(await page.locator('tr[data-version="4"]').textContent()).toContain('restore of version 1: back to the start');

    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('v1');
    await screenshot(page, 'versions');
  });

  it('diffs any two selected versions', async () => {
    const session = await consoles.open(CONFIG, { route: 'versions' });
    const { page } = session;
    await changeBody(session, 'v2');
    await changeBody(session, 'v3');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByLabel('Select version 3').check();
    await expect.poll(() => page.locator('.version-diff h2').textContent()).toBe('Changes from version 2 to version 3');
    await page.getByLabel('Select version 1').check();
    await expect.poll(() => page.locator('.version-diff h2').textContent()).toBe('Changes from version 1 to version 3');
    const row = page.locator('.version-diff tr[data-path="endpoints[id=hello].response.body"]');
    expect(await row.locator('td').allTextContents()).toEqual(['changed', 'endpoints[id=hello].response.body', 'v1', 'v3']);
    await screenshot(page, 'versions-diff');
  });

  it('imports a YAML file as a new version, and lists the issues of an invalid one', async () => {
    const session = await consoles.open(CONFIG, { route: 'versions' });
    const { page, mimicus } = session;
    const input = page.getByLabel('Import a config file (YAML or JSON)');
    await page.getByLabel('Import message (optional)').fill('from a file');
    await input.setInputFiles({
      name: 'next.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from('version: 2\nendpoints:\n  - { id: hello, method: GET, path: /hello, response: { body: imported } }\n'),
    });
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Imported next.yaml as version 2');
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('imported');
    await page.locator('tr[data-version="2"]').waitFor();
    expect(await page.locator('tr[data-version="2"]').textContent()).toContain('from a file');

    await input.setInputFiles({
      name: 'broken.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from('version: 2\nendpoints:\n  - { id: bad, path: no-slash, response: { status: 99 } }\n'),
    });
    await page.locator('.import-issues li').first().waitFor();
    expect(await page.locator('.import-issues li').allTextContents()).toContain('endpoints[0].path: must be a path template starting with "/"');
    expect(await (await fetch(`${mimicus.url}/hello`)).text()).toBe('imported');
    await screenshot(page, 'versions-import-invalid');
  });

  it('pages back through a long history', async () => {
    const session = await consoles.open(CONFIG, { route: 'versions' });
    const { page } = session;
    for (let i = 2; i <= 27; i++) await changeBody(session, `v${i}`);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('tr[data-version="27"]').waitFor();
    expect(await page.locator('tr[data-version]').count()).toBe(25);
    await page.getByRole('button', { name: 'Older versions' }).click();
    await page.locator('tr[data-version="1"]').waitFor();
    expect(await page.locator('tr[data-version]').count()).toBe(27);
    expect(await page.getByRole('button', { name: 'Older versions' }).count()).toBe(0);
  });

  it('exports the served config as a YAML download', async () => {
    const session = await consoles.open(CONFIG, { route: 'versions' });
    const { page } = session;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export YAML' }).click()]);
    expect(download.suggestedFilename()).toBe('mimicus-config-v1.yaml');
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toContain('exported:');
    expect(text).toContain('body: v1');
  });
});
