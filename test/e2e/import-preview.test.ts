import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';
import { PETS_SPEC } from '../import/openapi-spec-for-tests.js';

const CONFIG = `version: 2
endpoints:
  - { id: hello, method: GET, path: /hello, response: { body: hi } }
`;

describe('console: importing an OpenAPI document', () => {
  const consoles = useConsoles();

  it('previews endpoints and per-item warnings, applies only on Apply', async () => {
    const session = await consoles.open(CONFIG, { route: 'versions' });
    const { page, mimicus } = session;
    await page.getByLabel('Format').selectOption('openapi');
    await page.getByLabel('Preview a file to import').setInputFiles({ name: 'pets.yaml', mimeType: 'application/yaml', buffer: Buffer.from(PETS_SPEC) });
    const preview = page.getByRole('region', { name: 'Import preview' });
    await preview.waitFor();
    expect(await preview.locator('h3').textContent()).toMatch(/^pets\.yaml \(openapi\): \d+ endpoints, \d+ warnings, 0 skipped, 0 conflicts$/);
    expect(await preview.locator('.import-warnings li').allTextContents()).toContain(
      'paths./pets/{pet-id}.put.responses.200: no example; body generated from schema',
    );
    // Nothing is applied before Apply.
    expect((await fetch(`${mimicus.url}/v1/pets/1`)).status).toBe(404);
    await screenshot(page, 'versions-import-preview');
    await preview.getByRole('button', { name: 'Apply as a new version' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Imported \d+ endpoints from pets\.yaml as version 2$/);
    expect((await fetch(`${mimicus.url}/v1/pets/1`)).status).toBe(200);
  }, 90_000);
});
