import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';
import { closedPort, startBackend, startRawBackend, type Backend } from './backends.js';

let mimicus: Mimicus | undefined;
const backends: Backend[] = [];
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

async function backend(handle?: Parameters<typeof startBackend>[0]): Promise<Backend> {
  const started = await startBackend(handle);
  backends.push(started);
  return started;
}

const proxyTo = (url: string, extra = '') => `
version: 2
upstreams:
  - id: api
    targets: [ { url: "${url}" } ]
endpoints:
  - id: mocked
    path: /api/mocked
    response: { body: mock }
  - id: orders
    path: /api/**
    proxy: { upstream: api${extra} }
`;

describe('forwarding to an upstream', () => {
  it('forwards method, path, query, headers and body, and relays the answer', async () => {
    const echo = await backend();
    mimicus = await startMimicus(proxyTo(echo.url));
    const res = await fetch(`${mimicus.url}/api/orders/7?x=1&y=2`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-trace': 'abc' },
      body: 'hello',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-backend')).toBe('echo');
    expect(res.headers.get('x-mimicus-error')).toBeNull();
    const got = (await res.json()) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(got).toMatchObject({ method: 'POST', url: '/api/orders/7?x=1&y=2', body: 'hello' });
    expect(got.headers['x-trace']).toBe('abc');
    expect(got.headers.host).toBe(echo.url.slice('http://'.length));
    expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(got.headers['x-forwarded-proto']).toBe('http');
    expect(got.headers['x-forwarded-host']).toBe(new URL(mimicus.url).host);
    // host:port is not an RFC 7239 token, so it is quoted.
    expect(got.headers.forwarded).toBe(`for=127.0.0.1;proto=http;host="${new URL(mimicus.url).host}"`);
    expect(got.headers.via).toBe('1.1 mimicus');
  });

  it('answers mocked paths itself and forwards the rest (partial mocking)', async () => {
    const echo = await backend();
    mimicus = await startMimicus(`
version: 2
upstreams: [ { id: api, targets: [ { url: "${echo.url}" } ] } ]
server: { unmatched: { proxy: { upstream: api } } }
endpoints:
  - { id: mocked, path: /users/1, response: { body: mocked } }
`);
    expect(await (await fetch(`${mimicus.url}/users/1`)).text()).toBe('mocked');
    const forwarded = (await (await fetch(`${mimicus.url}/users/2`)).json()) as { url: string };
    expect(forwarded.url).toBe('/users/2');
    expect(echo.seen.map((r) => r.url)).toEqual(['/users/2']);
  });

  it('removes hop-by-hop headers both ways, including those named in Connection', async () => {
    const echo = await backend((_req, res) => {
      res.writeHead(200, { connection: 'x-internal', 'x-internal': 'secret', 'keep-alive': 'timeout=99', 'content-length': '2' });
      res.end('ok');
    });
    mimicus = await startMimicus(proxyTo(echo.url));
    const answer = await new Promise<{ headers: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest(
        `${mimicus!.url}/api/x`,
        { headers: { connection: 'keep-alive, x-hop', 'x-hop': '1', 'keep-alive': '5', te: 'trailers', 'proxy-authorization': 'Basic eA==', 'x-end': '2' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const sent = echo.seen[0]!.headers;
    expect(sent['x-hop']).toBeUndefined();
    expect(sent.te).toBeUndefined();
    expect(sent['proxy-authorization']).toBeUndefined();
    expect(sent['x-end']).toBe('2');
    expect(answer.headers['x-internal']).toBeUndefined();
    expect(answer.headers['keep-alive']).not.toBe('timeout=99');
  });

  it('rewrites the path by stripPrefix or template and sets and removes headers', async () => {
    const echo = await backend();
    mimicus = await startMimicus(`
version: 2
upstreams: [ { id: api, targets: [ { url: "${echo.url}/base" } ] } ]
endpoints:
  - id: strip
    path: /strip/**
    proxy: { upstream: api, stripPrefix: /strip, headers: { set: { x-added: yes }, remove: [x-secret] }, forwardedHeaders: false }
  - id: tpl
    path: '/v1/items/{id}'
    proxy: { url: "${echo.url}", path: '/v2/things/{{request.params.id}}', preserveHost: true }
`);
    await fetch(`${mimicus.url}/strip/a/b?q=1`, { headers: { 'x-secret': 's' } });
    await fetch(`${mimicus.url}/v1/items/a%20b?z=9`);
    expect(echo.seen[0]!.url).toBe('/base/a/b?q=1');
    expect(echo.seen[0]!.headers['x-added']).toBe('yes');
    expect(echo.seen[0]!.headers['x-secret']).toBeUndefined();
    expect(echo.seen[0]!.headers['x-forwarded-for']).toBeUndefined();
    expect(echo.seen[1]!.url).toBe('/v2/things/a%20b?z=9');
    expect(echo.seen[1]!.headers.host).toBe(new URL(mimicus.url).host);
  });

  it('refuses a forwarded path with a dot segment, raw or percent-encoded', async () => {
    const echo = await backend();
    mimicus = await startMimicus(proxyTo(echo.url, ', stripPrefix: /api'));
    const statusOf = (path: string) =>
      new Promise<{ status: number; error: string | undefined }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port: new URL(mimicus!.url).port, path }, (res) => {
          res.resume();
          resolve({ status: res.statusCode!, error: res.headers['x-mimicus-error'] as string | undefined });
        })
          .on('error', reject)
          .end();
      });
    expect(await statusOf('/api/../admin')).toEqual({ status: 400, error: 'REQUEST_MALFORMED' });
    expect(await statusOf('/api/%2E%2e/admin')).toEqual({ status: 400, error: 'REQUEST_MALFORMED' });
    expect(await statusOf('/api/a/./b')).toEqual({ status: 400, error: 'REQUEST_MALFORMED' });
    expect(echo.seen).toEqual([]);
    expect((await statusOf('/api/a..b/.well')).status).toBe(200);
  });

  it('encodes a templated parameter that carries CR LF, so no header can be injected upstream', async () => {
    const echo = await backend();
    mimicus = await startMimicus(`
version: 2
endpoints:
  - id: tpl
    path: '/v1/{id}'
    proxy: { url: "${echo.url}", path: '/things/{{request.params.id}}' }
`);
    const res = await fetch(`${mimicus.url}/v1/a%0D%0AX-Injected:%201`);
    expect(res.status).toBe(200);
    expect(echo.seen[0]!.url).toBe('/things/a%0D%0AX-Injected:%201');
    expect(echo.seen[0]!.headers['x-injected']).toBeUndefined();
  });

  it('passes HEAD, 204 and 304 through without a body', async () => {
    const echo = await backend((req, res) => {
      if (req.url === '/api/none') res.writeHead(204).end();
      else if (req.url === '/api/same') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { 'content-length': '5', 'content-type': 'text/plain' }).end(req.method === 'HEAD' ? undefined : 'hello');
    });
    mimicus = await startMimicus(proxyTo(echo.url));
    const head = await fetch(`${mimicus.url}/api/x`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('5');
    expect(await head.text()).toBe('');
    expect((await fetch(`${mimicus.url}/api/none`)).status).toBe(204);
    const notModified = await fetch(`${mimicus.url}/api/same`, { headers: { 'if-none-match': '"v1"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe('"v1"');
  });

  it('flushes server-sent events one by one', async () => {
    let sendNext: (() => void) | undefined;
    const sse = await backend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      sendNext = () => res.end('data: two\n\n');
    });
    mimicus = await startMimicus(proxyTo(sse.url));
    const res = await fetch(`${mimicus.url}/api/events`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('data: one\n\n');
    sendNext!();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += Buffer.from(chunk.value).toString();
    expect(rest).toBe('data: two\n\n');
  });

  it('streams a large request body to the backend and its answer back', async () => {
    const echo = await backend((_req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(`${body.length}`);
    });
    mimicus = await startMimicus(proxyTo(echo.url));
    const big = 'x'.repeat(5 * 1024 * 1024); // over server.maxBodySize (1 MiB): it streams, it is not held
    const res = await fetch(`${mimicus.url}/api/upload`, { method: 'PUT', body: big });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(String(big.length));
  });

  it('relays chunked answers and their trailers', async () => {
    const chunked = await backend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-checksum' });
      res.write('part1-');
      res.addTrailers({ 'x-checksum': 'abc' });
      res.end('part2');
    });
    mimicus = await startMimicus(proxyTo(chunked.url));
    const trailers = await new Promise<{ body: string; trailers: Record<string, string | undefined> }>((resolve, reject) => {
      httpRequest(`${mimicus!.url}/api/c`, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ body, trailers: res.trailers }));
      })
        .on('error', reject)
        .end();
    });
    expect(trailers.body).toBe('part1-part2');
    expect(trailers.trailers['x-checksum']).toBe('abc');
  });
});

describe('upstream failures as coded answers', () => {
  it('answers 502 UPSTREAM_UNAVAILABLE when the connection is refused', async () => {
    mimicus = await startMimicus(proxyTo(`http://127.0.0.1:${await closedPort()}`));
    const res = await fetch(`${mimicus.url}/api/x`);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-mimicus-error')).toBe('UPSTREAM_UNAVAILABLE');
    expect(((await res.json()) as { code: string }).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('answers 504 UPSTREAM_TIMEOUT when the backend does not answer within proxy.timeout', async () => {
    const slow = await backend(() => undefined);
    mimicus = await startMimicus(proxyTo(slow.url, ', timeout: 200ms'));
    const res = await fetch(`${mimicus.url}/api/slow`);
    expect(res.status).toBe(504);
    expect(res.headers.get('x-mimicus-error')).toBe('UPSTREAM_TIMEOUT');
  });

  it('answers 502 UPSTREAM_PROTOCOL_ERROR when the backend does not speak HTTP', async () => {
    const raw = await startRawBackend((socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'));
    backends.push(raw);
    mimicus = await startMimicus(proxyTo(raw.url));
    const res = await fetch(`${mimicus.url}/api/x`);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-mimicus-error')).toBe('UPSTREAM_PROTOCOL_ERROR');
  });

  it('resets the client when the backend resets mid-body', async () => {
    const raw = await startRawBackend((socket) => {
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nhalf');
        setTimeout(() => socket.resetAndDestroy(), 20);
      });
    });
    backends.push(raw);
    mimicus = await startMimicus(proxyTo(raw.url));
    const res = await fetch(`${mimicus.url}/api/x`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('cancels the upstream request when the client goes away', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const hanging = await backend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('start');
      res.on('close', upstreamClosed);
    });
    mimicus = await startMimicus(proxyTo(hanging.url));
    const controller = new AbortController();
    const res = await fetch(`${mimicus.url}/api/stream`, { signal: controller.signal });
    await res.body!.getReader().read();
    controller.abort();
    await closed;
  });

  it('a mocked 502 carries no x-mimicus-error', async () => {
    mimicus = await startMimicus(`
version: 2
endpoints: [ { id: m, path: /m, response: { status: 502 } } ]
`);
    const res = await fetch(`${mimicus.url}/m`);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-mimicus-error')).toBeNull();
  });
});
