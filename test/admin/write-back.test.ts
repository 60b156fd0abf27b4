import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/index.js';
import { createMimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';

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

  const toggle = (harness: AdminHarness, id: string, enabled: boolean) =>
    harness.api(`/api/endpoints/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ enabled }) });

  it("refuses a console toggle while the file holds an outside edit the watcher rejected, and keeps the user's text", async () => {
    mimicus = await startWithAdmin(COMMENTED, { watch: true });
    const typing = COMMENTED.replace('response: { status: 204 }', 'response: { status: 2');
    writeFileSync(mimicus.file, typing);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const problem = await expectProblem(await toggle(mimicus, 'hello', false), 409, 'CONFIG_FILE_CHANGED');
    expect(problem.detail).toMatch(/mimicus\.yaml changed on disk/);
    expect(readFileSync(mimicus.file, 'utf8')).toBe(typing);
    expect((await fetch(`${mimicus.url}/hello`)).status).toBe(200);
    // Once the user saves a valid file, toggles work again, on top of the user's edit.
    writeFileSync(mimicus.file, COMMENTED.replace('body: hi', 'body: edited'));
    await until(
      async () => (await fetch(`${mimicus!.url}/hello`)).text(),
      (body) => body === 'edited',
    );
    expect((await toggle(mimicus, 'health', false)).status).toBe(200);
    const text = readFileSync(mimicus.file, 'utf8');
    expect(text).toContain('body: edited');
    expect(text).toMatch(/enabled: false/);
  });

  it('never loses a valid outside edit saved up to ~20 ms before an API change to the same endpoint (10 times)', async () => {
    mimicus = await startWithAdmin(COMMENTED, { watch: true });
    // From "before the watcher has even heard of the edit" to "the watcher has loaded it".
    const delaysMs = [0, 0, 1, 2, 4, 6, 9, 12, 16, 20];
    for (const [round, delayMs] of delaysMs.entries()) {
      writeFileSync(mimicus.file, COMMENTED.replace('body: hi', `body: edit-${round}`));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const answer = await mimicus.api('/api/endpoints/hello', {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ response: { headers: { 'x-round': String(round) } } }),
      });
      // Either the watcher loaded the edit first and the change applies on top, or the change is refused.
      expect([200, 409]).toContain(answer.status);
      expect(readFileSync(mimicus.file, 'utf8')).toContain(`body: edit-${round}`);
      await until(
        async () => (await fetch(`${mimicus!.url}/hello`)).text(),
        (body) => body === `edit-${round}`,
      );
      expect(readFileSync(mimicus.file, 'utf8')).toContain(`body: edit-${round}`);
    }
  });

  it('keeps the mode and owner of the file it replaces, and writes through a symlinked config to its target', async () => {
    const dir = writeTempFiles({ 'real/mimicus.yaml': COMMENTED });
    const target = join(dir, 'real', 'mimicus.yaml');
    const link = join(dir, 'mimicus.yaml');
    symlinkSync(target, link);
    chmodSync(target, 0o600);
    // Tests run as root here: hand the file to another user to see that it stays theirs.
    const owned = process.getuid?.() === 0;
    if (owned) chownSync(target, 4242, 4343);
    const m = await createMimicus(link, { dataDir: false, admin: { port: 0, host: '127.0.0.1' } });
    await m.listen(0, '127.0.0.1');
    try {
      const created = await fetch(`${m.adminUrl}/api/endpoints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'bye', method: 'GET', path: '/bye', response: { body: 'ciao' } }),
      });
      expect(created.status).toBe(201);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readFileSync(target, 'utf8')).toContain('id: bye');
      const stats = statSync(target);
      expect(stats.mode & 0o777).toBe(0o600);
      if (owned) expect([stats.uid, stats.gid]).toEqual([4242, 4343]);
    } finally {
      await m.close();
    }
  });

  it('writes a value holding ${...} so that it reads back, and restarts, exactly as sent', async () => {
    mimicus = await startWithAdmin(COMMENTED);
    const body = 'home is ${HOME}, literally $${HOME}; costs $5 ${';
    const created = await mimicus.api('/api/endpoints', { method: 'POST', json: { id: 'literal', method: 'GET', path: '/literal', response: { body } } });
    expect(created.status).toBe(201);
    const loaded = await loadConfigFile(mimicus.file, { env: { HOME: '/home/someone' } });
    expect(loaded.ok && loaded.value.config.endpoints?.find((endpoint) => endpoint.id === 'literal')?.response).toEqual({ body });
    const file = mimicus.file;
    await mimicus.close();
    mimicus = undefined;
    const restarted = await createMimicus(file, { dataDir: false });
    await restarted.listen(0, '127.0.0.1');
    try {
      expect(await (await fetch(`${restarted.url}/literal`)).text()).toBe(body);
    } finally {
      await restarted.close();
    }
  });

  it('keeps the ${ENV} references of an endpoint it edits, changing only the value that changed', async () => {
    const yaml = `version: 2
endpoints:
  - id: greet
    method: GET
    path: /greet
    response:
      status: 200
      headers: { x-token: "\${TOKEN}" }
      body: \${GREETING}
`;
    mimicus = await startWithAdmin(yaml, { env: { GREETING: 'hello', TOKEN: 's3cret' } });
    const patched = await mimicus.api('/api/endpoints/greet', {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ response: { status: 201 } }),
    });
    expect(patched.status).toBe(200);
    const text = readFileSync(mimicus.file, 'utf8');
    expect(text).toContain('${GREETING}');
    expect(text).toContain('${TOKEN}');
    expect(text).not.toContain('s3cret');
    expect(text).toMatch(/status: 201/);
  });
});

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
