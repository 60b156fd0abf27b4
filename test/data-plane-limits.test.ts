import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { captureLogs } from './support/log-capture.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await mimicus?.close();
  mimicus = undefined;
});

/** A raw connection that collects what it receives and when it closed. */
function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    const closed = new Promise<number>((done) => socket.on('close', () => done(performance.now())));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('data-plane receive timeouts', () => {
  it('cuts a stalled body at server.requestTimeout with a 408', async () => {
    mimicus = await startMimicus(`version: 2
server: { requestTimeout: 400ms, headersTimeout: 200ms }
endpoints:
  - { id: echo, method: POST, path: /echo, response: { body: ok } }
`);
    const raw = await open(mimicus.port);
    const sentAt = performance.now();
    raw.socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly part of it');
    const closedAt = await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(raw.received()).toContain('x-mimicus-error: REQUEST_TIMEOUT');
    // Cut near the timeout (checked every 100 ms here), not after Node's default 300 s.
    expect(closedAt - sentAt).toBeGreaterThanOrEqual(350);
    expect(closedAt - sentAt).toBeLessThan(2000);
  });

  it('writes the response owed to a pipelined request before the 408 of a stalled body behind it', async () => {
    mimicus = await startMimicus(`version: 2
server: { requestTimeout: 400ms, headersTimeout: 200ms }
endpoints:
  - { id: late, method: GET, path: /late, latency: { fixed: 700ms }, response: { body: late } }
  - { id: echo, method: POST, path: /echo, response: { body: ok } }
`);
    const raw = await open(mimicus.port);
    raw.socket.write('GET /late HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly part of it');
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nlateHTTP\/1\.1 408 Request Timeout\r\n[^]*\r\n\r\n$/);
  });

  it('answers 408 and closes a connection that sends nothing once headersTimeout passes', async () => {
    mimicus = await startMimicus(`version: 2
server: { requestTimeout: 1s, headersTimeout: 300ms }
endpoints: [ { id: ok, path: /ok, response: { body: ok } } ]
`);
    const raw = await open(mimicus.port);
    const openedAt = performance.now();
    const closedAt = await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(closedAt - openedAt).toBeGreaterThanOrEqual(250);
    expect(closedAt - openedAt).toBeLessThan(2000);
  });

  it('keeps an idle keep-alive connection for keepAliveTimeout, longer than headersTimeout', async () => {
    mimicus = await startMimicus(`version: 2
server: { keepAliveTimeout: 3s, requestTimeout: 400ms, headersTimeout: 200ms }
endpoints: [ { id: ok, path: /ok, response: { body: ok } } ]
`);
    const raw = await open(mimicus.port);
    raw.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => raw.received().endsWith('ok'), 2000);
    await new Promise((r) => setTimeout(r, 1200));
    raw.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await raw.closed;
    expect(raw.received().match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(raw.received()).not.toContain('408');
  });

  it("never cuts Mimicus's own delays: latency and hang outlast requestTimeout", async () => {
    mimicus = await startMimicus(`version: 2
server: { requestTimeout: 200ms, headersTimeout: 100ms }
endpoints:
  - { id: slow, path: /slow, latency: { fixed: 700ms }, response: { body: late } }
  - { id: hung, path: /hung, errors: [ { rate: 1, kind: hang, max: 700ms } ], response: { body: never } }
`);
    const startedAt = performance.now();
    const res = await fetch(`${mimicus.url}/slow`);
    expect(await res.text()).toBe('late');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(690);
    const raw = await open(mimicus.port);
    const sentAt = performance.now();
    raw.socket.write('GET /hung HTTP/1.1\r\nHost: x\r\n\r\n');
    const closedAt = await raw.closed;
    expect(raw.received()).toBe('');
    expect(closedAt - sentAt).toBeGreaterThanOrEqual(650);
  });
});

describe('data-plane body budget', () => {
  it('answers 503 to a body that finds server.maxTotalBodySize held by stalled ones, and reads bodies again once they are cut', async () => {
    mimicus = await startMimicus(`version: 2
server: { maxBodySize: 1KiB, maxTotalBodySize: 2KiB, requestTimeout: 600ms, headersTimeout: 300ms }
endpoints:
  - { id: echo, method: POST, path: /echo, response: { template: true, body: '{{size request.bodyText}}' } }
`);
    const head = 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n';
    const stalled = [await open(mimicus.port), await open(mimicus.port)];
    for (const raw of stalled) raw.socket.write(`${head}${'a'.repeat(900)}`);
    await new Promise((r) => setTimeout(r, 100));
    const third = await open(mimicus.port);
    third.socket.write(`${head}${'b'.repeat(500)}`);
    await third.closed;
    expect(third.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(third.received()).toContain('x-mimicus-error: REQUEST_BODY_BUDGET_SPENT');
    expect(third.received()).toContain('server.maxTotalBodySize');

    await Promise.all(stalled.map((raw) => raw.closed));
    for (const raw of stalled) expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /);
    const res = await fetch(`${mimicus.url}/echo`, { method: 'POST', body: 'c'.repeat(1000) });
    expect(await res.text()).toBe('1000');
  });

  it("gives a body's bytes back once its response is done", async () => {
    mimicus = await startMimicus(`version: 2
server: { maxBodySize: 1KiB, maxTotalBodySize: 1KiB }
endpoints:
  - { id: echo, method: POST, path: /echo, response: { template: true, body: '{{size request.bodyText}}' } }
`);
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${mimicus.url}/echo`, { method: 'POST', body: 'd'.repeat(1024) });
      expect(await res.text()).toBe('1024');
    }
  });
});

describe('data-plane connection cap', () => {
  it('answers a connection over server.maxConnections 503 and closes it, then serves again once one closes', async () => {
    mimicus = await startMimicus(`version: 2
server: { maxConnections: 2 }
endpoints: [ { id: ok, path: /ok, response: { body: ok } } ]
`);
    const first = await open(mimicus.port);
    const second = await open(mimicus.port);
    const third = await open(mimicus.port);
    third.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\n\r\n');
    await third.closed;
    expect(third.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(third.received()).toContain('x-mimicus-error: CONNECTION_LIMIT_REACHED');
    expect(third.received()).toMatch(/retry-after: 1\r\n/i);
    expect(third.received()).toMatch(/connection: close\r\n/i);
    expect(third.received()).toContain('server.maxConnections');

    // The two within the cap were not disturbed.
    first.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => first.received().endsWith('ok'), 2000);
    expect(first.received()).toMatch(/^HTTP\/1\.1 200 OK/);

    second.socket.destroy();
    await second.closed;
    // The server sees the close a moment later; then a new connection is served.
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      const next = await open(mimicus.port);
      next.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await next.closed;
      status = Number(/^HTTP\/1\.1 (\d{3})/.exec(next.received())?.[1] ?? 0);
      if (status !== 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(200);
  });
});

describe('data-plane connection flood backstop', () => {
  it('closes connections past twice server.maxConnections at once, unanswered', async () => {
    mimicus = await startMimicus(`version: 2
server: { maxConnections: 1 }
endpoints: [ { id: ok, path: /ok, response: { body: ok } } ]
`);
    const within = await open(mimicus.port);
    const refused = await open(mimicus.port);
    const dropped = await open(mimicus.port);
    await dropped.closed;
    expect(dropped.received()).toBe('');
    refused.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\n\r\n');
    await refused.closed;
    expect(refused.received()).toMatch(/^HTTP\/1\.1 503 /);
    within.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await within.closed;
    expect(within.received()).toMatch(/^HTTP\/1\.1 200 OK/);
  });
});

describe('requests node:http hands over oddly', () => {
  it('answers CONNECT 405 with Allow instead of dropping it', async () => {
    mimicus = await startMimicus(`version: 2
endpoints: [ { id: ok, path: /ok, response: { body: ok } } ]
`);
    const raw = await open(mimicus.port);
    raw.socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(raw.received()).toMatch(/allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE\r\n/);
    expect(raw.received()).toContain('REQUEST_METHOD_UNSUPPORTED');
    expect(await (await fetch(`${mimicus.url}/ok`)).text()).toBe('ok');
  });

  it("answers a CONNECT pipelined behind a request after that request's response", async () => {
    mimicus = await startMimicus(`version: 2
endpoints: [ { id: late, path: /late, latency: { fixed: 300ms }, response: { body: late } } ]
`);
    const raw = await open(mimicus.port);
    raw.socket.write('GET /late HTTP/1.1\r\nHost: x\r\n\r\nCONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nlateHTTP\/1\.1 405 Method Not Allowed\r\n/);
  });

  it('refuses an oversized Expect: 100-continue body with 413 and no 100 Continue', async () => {
    mimicus = await startMimicus(`version: 2
server: { maxBodySize: 1KiB }
endpoints: [ { id: echo, method: POST, path: /echo, response: { template: true, body: '{{request.bodyText}}' } } ]
`);
    const big = await open(mimicus.port);
    big.socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n');
    await big.closed;
    expect(big.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(big.received()).not.toContain('100 Continue');

    const small = await open(mimicus.port);
    small.socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n');
    await waitFor(() => small.received().includes('100 Continue'), 2000);
    expect(small.received()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    small.socket.write('abc');
    await small.closed;
    expect(small.received()).toMatch(/HTTP\/1\.1 200 OK[\s\S]*\r\n\r\nabc$/);
  });

  it('never splices a 400 into a response still being written on the same connection', async () => {
    mimicus = await startMimicus(`version: 2
endpoints:
  - { id: drip, path: /drip, errors: [ { rate: 1, kind: dribble, chunks: 6, over: 500ms } ], response: { body: '012345' } }
`);
    const raw = await open(mimicus.port);
    raw.socket.write('GET /drip HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => raw.received().includes('\r\n\r\n0'), 2000);
    raw.socket.write('NOT HTTP AT ALL\r\n\r\n');
    await raw.closed;
    // the dribbled body is written whole, and only then the 400
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n012345HTTP\/1\.1 400 Bad Request\r\n[^]*\r\n\r\n$/);
  });

  it('answers pipelined requests in order before the 400 of a malformed one behind them', async () => {
    mimicus = await startMimicus(`version: 2
endpoints:
  - { id: hello, path: /hello, response: { body: hello } }
  - { id: late, path: /late, latency: { fixed: 300ms }, response: { body: late } }
`);
    for (const pipeline of [
      'GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET  HTTP/1.1\r\n\r\n',
      'GET /late HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n\u0001garbage\r\n\r\n',
    ]) {
      const raw = await open(mimicus.port);
      raw.socket.write(pipeline);
      await raw.closed;
      const statuses = [...raw.received().matchAll(/HTTP\/1\.1 (\d{3})[^]*?\r\n\r\n([a-z]*)/g)].map(([, status, body]) => `${status} ${body}`);
      expect(statuses, raw.received()).toEqual(pipeline.startsWith('GET /late') ? ['200 late', '200 hello', '400 '] : ['200 hello', '200 hello', '400 ']);
    }
  });

  it('still answers 400 to a malformed request when nothing else is in progress', async () => {
    mimicus = await startMimicus(`version: 2
endpoints: [ { id: ok, path: /ok, response: { body: ok } } ]
`);
    const raw = await open(mimicus.port);
    raw.socket.write('GET /ok HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => raw.received().endsWith('ok'), 2000);
    raw.socket.write('NOT HTTP AT ALL\r\n\r\n');
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nokHTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('answers an invalid templated header value with 500 Internal Server Error and a warning without stack', async () => {
    const { logger, lines } = captureLogs();
    mimicus = await startMimicus(
      `version: 2
endpoints: [ { id: bad, path: /bad, response: { template: true, headers: { x-echo: '{{request.query.v}}' }, body: ok } } ]
`,
      { logger },
    );
    const raw = await open(mimicus.port);
    raw.socket.write('GET /bad?v=a%0Ab HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    expect(raw.received()).toContain('x-mimicus-error: INTERNAL');
    const line = lines.find((entry) => entry.msg === 'response could not be written');
    expect(line).toMatchObject({ level: 40, endpoint: 'bad', path: '/bad' });
    expect(String(line!.reason)).toMatch(/x-echo/);
    expect(line!.err).toBeUndefined();
  });
});
