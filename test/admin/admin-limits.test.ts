import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMimicus } from '../../src/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { BASE, startWithAdmin, type AdminHarness } from './admin-harness.js';
import { problemOf, rawRequest } from './raw-http.js';

let mimicus: AdminHarness | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await mimicus?.close();
  mimicus = undefined;
});

interface Conversation {
  readonly socket: Socket;
  /** Everything the server sent, once it closed the connection, and how long after connecting. */
  readonly closed: Promise<{ text: string; afterMs: number }>;
  /** Resolves when the server's bytes so far contain `text`. */
  received(text: string): Promise<string>;
}

/** A raw TCP client of the admin listener that writes `first` (maybe nothing) and then stalls. */
function converse(adminUrl: string, first = ''): Promise<Conversation> {
  const url = new URL(adminUrl);
  const socket = connect(Number(url.port), url.hostname);
  sockets.push(socket);
  const started = performance.now();
  let text = '';
  const waiters = new Set<() => void>();
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
    for (const waiter of waiters) waiter();
  });
  socket.on('error', () => {});
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) => socket.on('close', () => resolve({ text, afterMs: performance.now() - started })));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      if (first !== '') socket.write(first);
      resolve({
        socket,
        closed,
        received: (wanted) =>
          new Promise((done) => {
            const check = () => {
              if (!text.includes(wanted)) return;
              waiters.delete(check);
              done(text);
            };
            waiters.add(check);
            check();
          }),
      });
    });
  });
}

const hostOf = (url: string) => new URL(url).host;

describe('admin listener limits', () => {
  it('answers 413 naming admin.maxBodySize to a body over the limit, declared or chunked', async () => {
    mimicus = await startWithAdmin(`${BASE}admin: { maxBodySize: 1KiB }\n`);
    const body = JSON.stringify({ version: 2, endpoints: [], padding: 'x'.repeat(2048) });
    const declared = problemOf(
      await rawRequest(mimicus.adminUrl, '/api/config/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        body,
      }),
      413,
      'REQUEST_BODY_TOO_LARGE',
    );
    expect(declared.detail).toContain('admin.maxBodySize');
    expect(declared.detail).toContain('1024 bytes');
    problemOf(
      await rawRequest(mimicus.adminUrl, '/api/config/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        body,
      }),
      413,
      'REQUEST_BODY_TOO_LARGE',
    );
    const small = await rawRequest(mimicus.adminUrl, '/api/config/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"version":2}',
    });
    expect(small.status).toBe(200);
  });

  it('says no "100 Continue" to a body declared over the limit, only 413', async () => {
    mimicus = await startWithAdmin(`${BASE}admin: { maxBodySize: 1KiB }\n`);
    const request = (length: number) =>
      `POST /api/config/validate HTTP/1.1\r\nHost: ${hostOf(mimicus!.adminUrl)}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;
    const large = await converse(mimicus.adminUrl, request(4096));
    const answer = await large.received('\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    const small = await converse(mimicus.adminUrl, request(13));
    expect(await small.received('\r\n\r\n')).toMatch(/^HTTP\/1\.1 100 Continue/);
  });

  it('cuts a request whose body stalls once admin.requestTimeout is over (408)', async () => {
    mimicus = await startWithAdmin(`${BASE}admin: { requestTimeout: 400ms, headersTimeout: 200ms }\n`);
    const stalled = await converse(
      mimicus.adminUrl,
      `PUT /api/config HTTP/1.1\r\nHost: ${hostOf(mimicus.adminUrl)}\r\nContent-Type: application/json\r\nContent-Length: 4194304\r\n\r\n{"version":2,`,
    );
    const { text, afterMs } = await stalled.closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeGreaterThanOrEqual(350);
    expect(afterMs).toBeLessThan(3_000);
    // The listener still serves everyone else.
    expect((await mimicus.api('/api/health')).status).toBe(200);
  });

  it('refuses at once, without reading them, the 16 MiB bodies that used to pile up', async () => {
    mimicus = await startWithAdmin(BASE);
    const head = `PUT /api/config HTTP/1.1\r\nHost: ${hostOf(mimicus.adminUrl)}\r\nContent-Type: application/json\r\nContent-Length: 16777216\r\n\r\n{"version":2,`;
    const stalled = await Promise.all(Array.from({ length: 40 }, () => converse(mimicus!.adminUrl, head)));
    for (const client of stalled) {
      const { text, afterMs } = await client.closed;
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(afterMs).toBeLessThan(5_000);
    }
  });

  it('cuts a client that stalls its headers, or sends nothing, once admin.headersTimeout is over', async () => {
    mimicus = await startWithAdmin(`${BASE}admin: { requestTimeout: 5s, headersTimeout: 300ms }\n`);
    const halfHeaders = await converse(mimicus.adminUrl, `GET /api/config HTTP/1.1\r\nHost: ${hostOf(mimicus.adminUrl)}\r\n`);
    const silent = await converse(mimicus.adminUrl);
    for (const { afterMs } of [await halfHeaders.closed, await silent.closed]) {
      expect(afterMs).toBeGreaterThanOrEqual(250);
      expect(afterMs).toBeLessThan(3_000);
    }
  });

  it('closes an idle keep-alive connection after 5 s, so idle clients give their place under the cap back', async () => {
    mimicus = await startWithAdmin(BASE);
    const client = await converse(mimicus.adminUrl, `GET /api/health HTTP/1.1\r\nHost: ${hostOf(mimicus.adminUrl)}\r\n\r\n`);
    await client.received('"ok"');
    const { text, afterMs } = await client.closed;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(afterMs).toBeGreaterThanOrEqual(4_500);
    expect(afterMs).toBeLessThan(9_000);
  });

  it('keeps an event WebSocket open beyond the request timeout', async () => {
    mimicus = await startWithAdmin(`${BASE}admin: { requestTimeout: 300ms, headersTimeout: 200ms }\n`);
    const socket = new WebSocket(`${mimicus.adminUrl.replace(/^http/, 'ws')}/api/events`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.terminate();
  });

  it('answers 503 naming admin.maxConnections on a connection beyond the cap, and serves again once one closes', async () => {
    mimicus = await startWithAdmin(`${BASE}admin: { maxConnections: 3 }\n`);
    const held = [await converse(mimicus.adminUrl), await converse(mimicus.adminUrl), await converse(mimicus.adminUrl)];
    const extra = await converse(mimicus.adminUrl, `POST /api/config/reload HTTP/1.1\r\nHost: ${hostOf(mimicus.adminUrl)}\r\n\r\n`);
    const { text } = await extra.closed;
    expect(text).toMatch(/^HTTP\/1\.1 503 /);
    expect(text).toContain('ADMIN_BUSY');
    expect(text).toContain('admin.maxConnections');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    expect((await rawRequest(mimicus.adminUrl, '/api/health')).status).toBe(200);
  });

  it('refuses limits of zero in the config', async () => {
    for (const admin of ['{ requestTimeout: 0 }', '{ headersTimeout: "0s" }', '{ maxBodySize: 0 }', '{ maxConnections: 0 }']) {
      const dir = writeTempFiles({ 'mimicus.yaml': `${BASE}admin: ${admin}\n` });
      await expect(createMimicus(join(dir, 'mimicus.yaml'), { dataDir: false }), admin).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });
});
