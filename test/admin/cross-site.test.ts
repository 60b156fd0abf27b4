import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from './admin-harness.js';
import { problemOf, rawRequest } from './raw-http.js';

const ADMIN_KEY = 'admin-key-0123456789abcdef';
const IMPORTED = 'version: 2\nendpoints:\n  - { id: planted, method: GET, path: /planted, response: { status: 200, body: pwned } }\n';

let mimicus: AdminHarness | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await mimicus?.close();
  mimicus = undefined;
});

const portOf = (url: string) => Number(new URL(url).port);
const versionCount = async (harness: AdminHarness) =>
  ((await (await harness.api('/api/versions', { key: ADMIN_KEY })).json()) as { items: unknown[] }).items.length;

/** The outcome of a WebSocket handshake: the 101 (open) or the HTTP status that refused it. */
function upgrade(url: string, options: WebSocket.ClientOptions = {}): Promise<{ opened: true } | { opened: false; status: number }> {
  const socket = new WebSocket(url, options);
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ opened: true }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode ?? 0 });
      response.resume();
    });
    socket.once('error', reject);
  });
}

describe('admin API cross-site requests', () => {
  it('refuses a text/plain import with 415 before reading it, from any client', async () => {
    mimicus = await startWithAdmin(BASE);
    const versions = await versionCount(mimicus);
    const answer = await rawRequest(mimicus.adminUrl, '/api/import', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: IMPORTED });
    const problem = problemOf(answer, 415, 'ADMIN_MEDIA_TYPE_UNSUPPORTED');
    expect(problem.detail).toContain('text/plain');
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'application/jsonx']) {
      problemOf(
        await rawRequest(mimicus.adminUrl, '/api/import', { method: 'POST', headers: { 'content-type': type }, body: IMPORTED }),
        415,
        'ADMIN_MEDIA_TYPE_UNSUPPORTED',
      );
    }
    problemOf(await rawRequest(mimicus.adminUrl, '/api/import', { method: 'POST', body: IMPORTED }), 415, 'ADMIN_MEDIA_TYPE_UNSUPPORTED');
    expect(await versionCount(mimicus)).toBe(versions);
    expect((await fetch(`${mimicus.url}/planted`)).status).toBe(404);
  });

  it('still imports YAML and JSON sent with their own types', async () => {
    mimicus = await startWithAdmin(BASE);
    const yaml = await rawRequest(mimicus.adminUrl, '/api/import', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml; charset=utf-8' },
      body: IMPORTED,
    });
    expect(yaml.status, yaml.body).toBe(201);
    expect(await (await fetch(`${mimicus.url}/planted`)).text()).toBe('pwned');
    const json = await mimicus.api('/api/import', { method: 'POST', json: { version: 2, endpoints: [] } });
    expect(json.status).toBe(201);
  });

  it('refuses writes, body-less POSTs and reads that carry a foreign Origin, with or without keys', async () => {
    for (const yaml of [BASE, `${BASE}admin:\n  apiKeys: [{ name: alice, key: ${ADMIN_KEY} }]\n`]) {
      mimicus = await startWithAdmin(yaml);
      const other = `http://127.0.0.1:${portOf(mimicus.adminUrl) + 1}`;
      const key = { authorization: `Bearer ${ADMIN_KEY}` };
      const versions = await versionCount(mimicus);
      const attempts = [
        {
          method: 'POST',
          path: '/api/import',
          headers: { ...key, origin: other, 'content-type': 'application/json' },
          body: JSON.stringify({ version: 2, endpoints: [] }),
        },
        { method: 'POST', path: '/api/config/reload', headers: { ...key, origin: other, 'sec-fetch-site': 'same-site' } },
        { method: 'POST', path: '/api/versions/1/restore', headers: { ...key, origin: other, 'sec-fetch-site': 'same-site' } },
        { method: 'POST', path: '/api/state/global/reset', headers: { ...key, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
        { method: 'GET', path: '/api/config', headers: { ...key, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
        { method: 'POST', path: '/api/config/reload', headers: { ...key, origin: 'null' } },
      ];
      for (const attempt of attempts) {
        const answer = await rawRequest(mimicus.adminUrl, attempt.path, attempt);
        const problem = problemOf(answer, 403, 'ADMIN_CROSS_SITE_REFUSED');
        expect(problem.detail).toContain('admin.cors.allowOrigins');
        expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      }
      expect(await versionCount(mimicus)).toBe(versions);
      await mimicus.close();
      mimicus = undefined;
    }
  });

  it('refuses a same-site or cross-site request without Origin, but lets a link to the console through', async () => {
    mimicus = await startWithAdmin(BASE);
    problemOf(
      await rawRequest(mimicus.adminUrl, '/api/config', { headers: { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' } }),
      403,
      'ADMIN_CROSS_SITE_REFUSED',
    );
    problemOf(
      await rawRequest(mimicus.adminUrl, '/api/config/reload', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } }),
      403,
      'ADMIN_CROSS_SITE_REFUSED',
    );
    // A navigation to the API itself is refused too: only the console's page is a link target.
    problemOf(
      await rawRequest(mimicus.adminUrl, '/api/config', {
        headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
      }),
      403,
      'ADMIN_CROSS_SITE_REFUSED',
    );
    const link = await rawRequest(mimicus.adminUrl, '/', {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' },
    });
    expect(link.status).toBe(200);
    const framed = await rawRequest(mimicus.adminUrl, '/', {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'iframe' },
    });
    expect(framed.status).toBe(403);
  });

  it('lets through its own origin (any of its names), same-origin requests and clients that send neither header', async () => {
    mimicus = await startWithAdmin(BASE);
    const port = portOf(mimicus.adminUrl);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      const answer = await rawRequest(mimicus.adminUrl, '/api/config/validate', {
        method: 'POST',
        headers: { origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
        body: JSON.stringify({ version: 2 }),
      });
      expect(answer.status, `${origin}: ${answer.body}`).toBe(200);
    }
    expect((await rawRequest(mimicus.adminUrl, '/api/config', { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await rawRequest(mimicus.adminUrl, '/api/config/reload', { method: 'POST' })).status).toBe(200);
    // Another scheme or port of the admin's own name is another origin.
    problemOf(await rawRequest(mimicus.adminUrl, '/api/config', { headers: { origin: `http://127.0.0.1:${port + 1}` } }), 403, 'ADMIN_CROSS_SITE_REFUSED');
    problemOf(await rawRequest(mimicus.adminUrl, '/api/config', { headers: { origin: `ftp://127.0.0.1:${port}` } }), 403, 'ADMIN_CROSS_SITE_REFUSED');
  });

  it('sends no CORS headers, and answers no preflight, without admin.cors', async () => {
    mimicus = await startWithAdmin(BASE);
    const preflight = await rawRequest(mimicus.adminUrl, '/api/config', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT', 'sec-fetch-site': 'same-site' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const own = await rawRequest(mimicus.adminUrl, '/api/config', { headers: { origin: mimicus.adminUrl } });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers CORS for the origins in admin.cors.allowOrigins only; keys still apply to them', async () => {
    mimicus = await startWithAdmin(`${BASE}admin:\n  cors: { allowOrigins: ["http://localhost:5173"] }\n  apiKeys: [{ name: alice, key: ${ADMIN_KEY} }]\n`);
    const preflight = await rawRequest(mimicus.adminUrl, '/api/config', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
        'sec-fetch-site': 'same-site',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PUT');

    const read = await rawRequest(mimicus.adminUrl, '/api/config', { headers: { origin: 'http://localhost:5173', authorization: `Bearer ${ADMIN_KEY}` } });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(read.headers.vary).toContain('Origin');
    problemOf(await rawRequest(mimicus.adminUrl, '/api/config', { headers: { origin: 'http://localhost:5173' } }), 401, 'ADMIN_UNAUTHORIZED');

    const other = await rawRequest(mimicus.adminUrl, '/api/config', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5174', 'access-control-request-method': 'PUT' },
    });
    expect(other.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('checks the Origin of a WebSocket upgrade on /api/events', async () => {
    mimicus = await startWithAdmin(BASE);
    const url = `${mimicus.adminUrl.replace(/^http/, 'ws')}/api/events`;
    expect(await upgrade(url, { origin: 'https://evil.example' })).toEqual({ opened: false, status: 403 });
    expect(await upgrade(url, { origin: `http://127.0.0.1:${portOf(mimicus.adminUrl) + 1}` })).toEqual({ opened: false, status: 403 });
    expect(await upgrade(url, { origin: mimicus.adminUrl })).toEqual({ opened: true });
    expect(await upgrade(url)).toEqual({ opened: true });
  });

  it('refuses a WebSocket upgrade on any other path without a handshake', async () => {
    mimicus = await startWithAdmin(BASE);
    const base = mimicus.adminUrl.replace(/^http/, 'ws');
    for (const path of ['/ws/events', '/', '/api/config', '/api/nothing']) {
      expect(await upgrade(`${base}${path}`), path).toEqual({ opened: false, status: 404 });
    }
    const answer = await rawRequest(mimicus.adminUrl, '/ws/events', {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    expect(problemOf(answer, 404, 'ADMIN_ROUTE_NOT_FOUND').detail).toContain('/api/events');
  });

  it('marks every answer unframeable and not to be sniffed, the console with a content security policy', async () => {
    mimicus = await startWithAdmin(BASE);
    for (const path of ['/', '/api/config', '/api/nothing']) {
      const response = await mimicus.api(path);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
    const csp = (await mimicus.api('/')).headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`ws://${new URL(mimicus.adminUrl).host}`);
    await expectProblem(await mimicus.api('/api/nothing'), 404, 'ADMIN_ROUTE_NOT_FOUND');
  });
});
