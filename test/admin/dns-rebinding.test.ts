import { afterEach, describe, expect, it } from 'vitest';
import { BASE, startWithAdmin, type AdminHarness } from './admin-harness.js';
import { problemOf, rawRequest } from './raw-http.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const portOf = (url: string) => new URL(url).port;

describe('admin API Host check (DNS rebinding)', () => {
  it('answers 421 naming the host and admin.allowedHosts to a Host that is not one of its names, for reads and writes', async () => {
    mimicus = await startWithAdmin(BASE);
    const port = portOf(mimicus.adminUrl);
    const read = await rawRequest(mimicus.adminUrl, '/api/config', { headers: { host: `evil.example:${port}` } });
    const problem = problemOf(read, 421, 'ADMIN_HOST_NOT_ALLOWED');
    expect(problem.detail).toContain(`evil.example:${port}`);
    expect(problem.detail).toContain('add "evil.example" to admin.allowedHosts');
    expect(read.body).not.toContain('/hello');

    const before = await (await mimicus.api('/api/config')).text();
    const write = await rawRequest(mimicus.adminUrl, '/api/config', {
      method: 'PUT',
      headers: { host: `evil.example:${port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 2, endpoints: [] }),
    });
    problemOf(write, 421, 'ADMIN_HOST_NOT_ALLOWED');
    expect(await (await mimicus.api('/api/config')).text()).toBe(before);
    // The console's page and the health probe are the admin listener's too.
    problemOf(await rawRequest(mimicus.adminUrl, '/', { headers: { host: `evil.example:${port}` } }), 421, 'ADMIN_HOST_NOT_ALLOWED');
    problemOf(await rawRequest(mimicus.adminUrl, '/api/health', { headers: { host: `evil.example:${port}` } }), 421, 'ADMIN_HOST_NOT_ALLOWED');
  });

  it('answers to localhost, 127.0.0.1 and [::1] with its own port only', async () => {
    mimicus = await startWithAdmin(BASE);
    const port = portOf(mimicus.adminUrl);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawRequest(mimicus.adminUrl, '/api/config', { headers: { host } })).status, host).toBe(200);
    }
    for (const host of ['localhost', `localhost:${Number(port) + 1}`, `127.0.0.2:${port}`, `localhost.:${port}`, `${port}`, `localhost:${port}@evil.example`]) {
      problemOf(await rawRequest(mimicus.adminUrl, '/api/config', { headers: { host } }), 421, 'ADMIN_HOST_NOT_ALLOWED');
    }
  });

  it('answers to names listed in admin.allowedHosts, with the admin port or the one given', async () => {
    mimicus = await startWithAdmin(`${BASE}admin:\n  allowedHosts: [mimicus.internal, "proxy.example:8443"]\n`);
    const port = portOf(mimicus.adminUrl);
    expect((await rawRequest(mimicus.adminUrl, '/api/config', { headers: { host: `mimicus.internal:${port}` } })).status).toBe(200);
    expect((await rawRequest(mimicus.adminUrl, '/api/config', { headers: { host: 'proxy.example:8443' } })).status).toBe(200);
    problemOf(await rawRequest(mimicus.adminUrl, '/api/config', { headers: { host: `proxy.example:${port}` } }), 421, 'ADMIN_HOST_NOT_ALLOWED');
    problemOf(await rawRequest(mimicus.adminUrl, '/api/config', { headers: { host: `other.internal:${port}` } }), 421, 'ADMIN_HOST_NOT_ALLOWED');
  });

  it('refuses a WebSocket upgrade under a foreign Host', async () => {
    mimicus = await startWithAdmin(BASE);
    const answer = await rawRequest(mimicus.adminUrl, '/api/events', {
      headers: {
        host: 'evil.example',
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    problemOf(answer, 421, 'ADMIN_HOST_NOT_ALLOWED');
  });
});
