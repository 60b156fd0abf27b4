import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE, startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { CHROMIUM_ARGS, findChromium } from '../support/find-chromium.js';

// Both names resolve to loopback in this browser only: attacker.test is another site than the
// admin API, rebind.test is a name an attacker re-pointed at 127.0.0.1 (DNS rebinding).
const RESOLVER_RULES = '--host-resolver-rules=MAP attacker.test 127.0.0.1,MAP rebind.test 127.0.0.1';

const PLANTED = 'version: 2\nendpoints:\n  - { id: planted, method: GET, path: /planted, bodyFile: /etc/passwd }\n';

/** The attacker's page: every cross-site write a page can make without asking (no CORS preflight), then a WebSocket. */
function attackPage(adminUrl: string): string {
  const ws = adminUrl.replace(/^http/, 'ws');
  return `<!doctype html><html><body>
<form id="form" method="POST" action="${adminUrl}/api/import" enctype="text/plain" target="sink"><input name="version: 2
endpoints: []
#" value=""></form>
<iframe name="sink"></iframe>
<iframe id="framed" src="${adminUrl}/"></iframe>
<script>
window.outcome = { fetches: [], socket: 'pending' };
const admin = ${JSON.stringify(adminUrl)};
const attempts = [
  ['/api/import', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(PLANTED)} }],
  ['/api/import', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: ${JSON.stringify(PLANTED)} }],
  ['/api/config/reload', { method: 'POST', mode: 'no-cors' }],
  ['/api/versions/1/restore', { method: 'POST', mode: 'no-cors' }],
  ['/api/state/global/reset', { method: 'POST', mode: 'no-cors' }],
  ['/api/config', { method: 'GET', mode: 'no-cors' }],
];
(async () => {
  for (const [path, init] of attempts) {
    try { await fetch(admin + path, init); window.outcome.fetches.push('answered'); }
    catch (error) { window.outcome.fetches.push('failed: ' + error.message); }
  }
  document.getElementById('form').submit();
  const socket = new WebSocket(${JSON.stringify(`${ws}/api/events`)});
  socket.onopen = () => { window.outcome.socket = 'open'; };
  socket.onclose = () => { if (window.outcome.socket === 'pending') window.outcome.socket = 'refused'; };
})();
</script></body></html>`;
}

/** An HTTP server on its own loopback port (so its own origin) that serves `html` at every path. */
async function serveAttacker(html: string): Promise<{ server: Server; port: number }> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

interface Snapshot {
  readonly config: string;
  readonly versions: number;
  readonly counter: unknown;
}

async function snapshot(mimicus: AdminHarness): Promise<Snapshot> {
  const versions = ((await (await mimicus.api('/api/versions')).json()) as { items: unknown[] }).items.length;
  const counter = ((await (await mimicus.api('/api/state/global/counter')).json()) as { value: unknown }).value;
  return { config: await (await mimicus.api('/api/config')).text(), versions, counter };
}

describe('the admin API against web pages in a real browser', () => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let mimicus: AdminHarness | undefined;
  let attacker: Server | undefined;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: await findChromium(), args: [...CHROMIUM_ARGS, RESOLVER_RULES] });
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    await mimicus?.close();
    mimicus = undefined;
    await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
    attacker = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A Mimicus whose config, file and state an attack could change: version 2 differs from 1, the file from both. */
  async function startTarget(): Promise<AdminHarness> {
    const target = await startWithAdmin(BASE);
    expect(
      (
        await target.api('/api/endpoints/hello', {
          method: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ response: { status: 200, body: 'v2' } }),
        })
      ).status,
    ).toBe(200);
    expect((await target.api('/api/state/global/counter', { method: 'PUT', json: { value: 41 } })).status).toBe(200);
    writeFileSync(target.file, `${BASE}  - { id: reloaded, method: GET, path: /reloaded, response: { body: from-disk } }\n`);
    return target;
  }

  /** Opens the attacker's page, lets it run, and returns what the admin listener answered each of its requests. */
  async function attack(page: Page, url: string, adminPort: number): Promise<{ statuses: number[]; socket: string; fetches: string[] }> {
    const statuses: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).port === String(adminPort)) statuses.push(response.status());
    });
    await page.goto(url);
    await page.waitForFunction('window.outcome && window.outcome.fetches.length === 6 && window.outcome.socket !== "pending"', undefined, { timeout: 10_000 });
    // The form's POST lands in the iframe after the fetches; wait until its answer has been seen too.
    await expect.poll(() => statuses.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(7);
    const outcome = (await page.evaluate('window.outcome')) as { socket: string; fetches: string[] };
    return { statuses, ...outcome };
  }

  it('a page on another site changes nothing: no import, reload, restore or reset, no event stream', async () => {
    mimicus = await startTarget();
    const adminPort = Number(new URL(mimicus.adminUrl).port);
    const before = await snapshot(mimicus);
    const served = await serveAttacker(attackPage(mimicus.adminUrl));
    attacker = served.server;
    context = await browser!.newContext();
    const page = await context.newPage();
    const outcome = await attack(page, `http://attacker.test:${served.port}/`, adminPort);

    // Every request reached the admin listener (no browser rule stopped it first) and was refused there.
    expect(outcome.fetches).toEqual(Array(6).fill('answered'));
    expect(outcome.statuses.length).toBeGreaterThanOrEqual(7);
    for (const status of outcome.statuses) expect([403, 415]).toContain(status);
    expect(outcome.socket).toBe('refused');
    // The console framed by the page did not render (clickjacking).
    const framed = page.frames().find((frame) => frame.name() === 'framed');
    expect(framed).toBeDefined();
    expect(await framed!.evaluate('document.title').catch(() => '')).not.toBe('Mimicus console');
    expect(await snapshot(mimicus)).toEqual(before);
    expect((await fetch(`${mimicus.url}/planted`)).status).toBe(404);
    expect((await fetch(`${mimicus.url}/reloaded`)).status).toBe(404);
  });

  it('a page on another port of the same host (same-site) changes nothing either', async () => {
    mimicus = await startTarget();
    const adminPort = Number(new URL(mimicus.adminUrl).port);
    const before = await snapshot(mimicus);
    const served = await serveAttacker(attackPage(mimicus.adminUrl));
    attacker = served.server;
    context = await browser!.newContext();
    const outcome = await attack(await context.newPage(), `http://127.0.0.1:${served.port}/`, adminPort);
    for (const status of outcome.statuses) expect([403, 415]).toContain(status);
    expect(outcome.socket).toBe('refused');
    expect(await snapshot(mimicus)).toEqual(before);
  });

  it('the console itself (same origin) still reloads, restores and streams events', async () => {
    mimicus = await startTarget();
    context = await browser!.newContext();
    const page = await context.newPage();
    await page.goto(`${mimicus.adminUrl}/`);
    const statuses = await page.evaluate(`(async () => {
      const reload = await fetch('/api/config/reload', { method: 'POST' });
      const restore = await fetch('/api/versions/1/restore', { method: 'POST' });
      const socket = await new Promise((resolve) => {
        const ws = new WebSocket('ws://' + location.host + '/api/events');
        ws.onopen = () => { ws.close(); resolve('open'); };
        ws.onerror = () => resolve('refused');
      });
      return [reload.status, restore.status, socket];
    })()`);
    expect(statuses).toEqual([200, 200, 'open']);
  });

  it('the console runs under its content security policy without a violation', async () => {
    mimicus = await startTarget();
    context = await browser!.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    page.on('pageerror', (error) => {
      if (error.message.includes('Content Security Policy')) violations.push(error.message);
    });
    for (const route of ['endpoints', 'endpoints/hello/edit', 'inspector', 'metrics', 'state', 'versions', 'settings']) {
      await page.goto(`${mimicus.adminUrl}/#/${route}`);
      await page.waitForLoadState('networkidle');
    }
    // The editor's in-browser schema check (Ajv compiles the schema, hence 'unsafe-eval') ran.
    await page.goto(`${mimicus.adminUrl}/#/endpoints/hello/edit`);
    await expect.poll(() => page.locator('[data-validity]').textContent(), { timeout: 10_000 }).toBe('✓ valid');
    expect(violations).toEqual([]);
  });

  it('a rebound name reaches nothing: the admin API refuses its Host, for the console and the API', async () => {
    mimicus = await startTarget();
    const adminPort = Number(new URL(mimicus.adminUrl).port);
    context = await browser!.newContext();
    const page = await context.newPage();
    const config = await page.goto(`http://rebind.test:${adminPort}/api/config`);
    expect(config?.status()).toBe(421);
    const text = await config!.text();
    expect(text).toContain('ADMIN_HOST_NOT_ALLOWED');
    expect(text).not.toContain('/hello');
    // The page the attacker would run its script from, once the name points at us, is refused too.
    expect((await page.goto(`http://rebind.test:${adminPort}/`))?.status()).toBe(421);
    // The same browser reaches the admin API under its own name.
    expect((await page.goto(`http://localhost:${adminPort}/api/config`))?.status()).toBe(200);
  });
});
