import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/index.js';
import { startWithAdmin, type AdminHarness } from './admin-harness.js';

const COMMENTED = `# Mocks for the shop team
version: 2
endpoints:
  # the greeting, kept short
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: hi } # inline comment
  # health check
  - id: health
    method: GET
    path: /health
    response: { status: 204 }
`;

describe('write-back of API changes to the config file', () => {
  let mimicus: AdminHarness | undefined;
  afterEach(async () => {
    await mimicus?.close();
    mimicus = undefined;
  });

  it('writes a created endpoint into the YAML file, keeping its comments, and the file still loads', async () => {
    mimicus = await startWithAdmin(COMMENTED);
    const created = await mimicus.api('/api/endpoints', {
      method: 'POST',
      json: { id: 'bye', method: 'GET', path: '/bye', response: { status: 200, body: 'ciao' } },
    });
    expect(created.status).toBe(201);
    const text = readFileSync(mimicus.file, 'utf8');
    expect(text).toContain('# Mocks for the shop team');
    expect(text).toContain('# the greeting, kept short');
    expect(text).toContain('# inline comment');
    expect(text).toContain('# health check');
    expect(text).toContain('id: bye');
    const loaded = await loadConfigFile(mimicus.file);
    expect(loaded.ok && loaded.value.config.endpoints?.map((endpoint) => endpoint.id)).toEqual(['hello', 'health', 'bye']);
  });

  it('a patch edits only that endpoint', async () => {
    mimicus = await startWithAdmin(COMMENTED);
    const patched = await mimicus.api('/api/endpoints/health', {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ response: { status: 200, body: 'ok' } }),
    });
    expect(patched.status).toBe(200);
    const text = readFileSync(mimicus.file, 'utf8');
    const [before, after] = [COMMENTED.split('# health check')[0], text.split('# health check')[0]];
    expect(after).toBe(before);
    expect(text).toContain('# health check');
    const loaded = await loadConfigFile(mimicus.file);
    expect(loaded.ok && loaded.value.config.endpoints?.[1]?.response).toEqual({ status: 200, body: 'ok' });
  });

  it('removes a deleted endpoint and leaves the others untouched', async () => {
    mimicus = await startWithAdmin(COMMENTED);
    expect((await mimicus.api('/api/endpoints/hello', { method: 'DELETE' })).status).toBe(204);
    const text = readFileSync(mimicus.file, 'utf8');
    expect(text).not.toContain('id: hello');
    expect(text).toContain('# health check');
    expect(text).toContain('id: health');
  });

  it('edits a config split with include: each endpoint in the file that declared it, new ones in the main file', async () => {
    const main = `version: 2
include: [catalog.yaml]
endpoints:
  - { id: hello, method: GET, path: /hello, response: { body: hi } }
`;
    const catalog = `# the catalog team's endpoints
server: { seed: 7 }
endpoints:
  # list them all
  - { id: products, method: GET, path: /products, response: { json: [] } }
  - { id: product, method: GET, path: '/products/{id}', response: { json: {} } }
`;
    mimicus = await startWithAdmin(main, { files: { 'catalog.yaml': catalog } });
    const catalogFile = join(dirname(mimicus.file), 'catalog.yaml');
    const patched = await mimicus.api('/api/endpoints/products', {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ response: { json: ['tea'] } }),
    });
    expect(patched.status).toBe(200);
    expect(readFileSync(mimicus.file, 'utf8')).toBe(main);
    const catalogText = readFileSync(catalogFile, 'utf8');
    expect(catalogText).toContain('# the catalog team');
    expect(catalogText).toContain('# list them all');
    expect(catalogText).toContain('tea');

    expect((await mimicus.api('/api/endpoints/product', { method: 'DELETE' })).status).toBe(204);
    expect(readFileSync(catalogFile, 'utf8')).not.toContain('id: product,');
    const created = await mimicus.api('/api/endpoints', { method: 'POST', json: { id: 'bye', method: 'GET', path: '/bye', response: { body: 'ciao' } } });
    expect(created.status).toBe(201);
    expect(readFileSync(mimicus.file, 'utf8')).toContain('id: bye');
    expect(readFileSync(catalogFile, 'utf8')).not.toContain('bye');
    const settings = await mimicus.api('/api/config').then((response) => response.json() as Promise<Record<string, unknown>>);
    const put = await mimicus.api('/api/config', { method: 'PUT', json: { ...settings, server: { seed: 8 } } });
    expect(put.status).toBe(200);
    expect(readFileSync(catalogFile, 'utf8')).toContain('seed: 8');
    expect(readFileSync(mimicus.file, 'utf8')).not.toContain('seed');

    // The files, loaded again, give what was served.
    const loaded = await loadConfigFile(mimicus.file);
    expect(loaded.ok && loaded.value.config.endpoints?.map((endpoint) => endpoint.id)).toEqual(['hello', 'bye', 'products']);
    expect(loaded.ok && loaded.value.config.server).toEqual({ seed: 8 });
  });
});
