import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../src/index.js';
import { startMimicus } from './support/start-mimicus.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

const ECHO = `
version: 2
server: { maxBodySize: 1KiB, shutdownTimeout: 5s }
endpoints:
  - { id: echo, method: POST, path: /echo, response: { template: true, body: '{{request.bodyText}}' } }
  - { id: ok, path: /ok, response: { body: ok } }
`;

function rawExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('server robustness', () => {
  it('answers 413 to a declared body over server.maxBodySize', async () => {
    mimicus = await startMimicus(ECHO);
    const res = await fetch(`${mimicus.url}/echo`, { method: 'POST', body: 'x'.repeat(2048) });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-mimicus-error')).toBe('REQUEST_BODY_TOO_LARGE');
    const ok = await fetch(`${mimicus.url}/echo`, { method: 'POST', body: 'x'.repeat(1000) });
    expect(await ok.text()).toBe('x'.repeat(1000));
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    mimicus = await startMimicus(ECHO);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${mimicus!.url}/echo`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('y'.repeat(512));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('survives malformed requests and keeps serving', async () => {
    mimicus = await startMimicus(ECHO);
    const answer = await rawExchange(mimicus.port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    const overflow = await rawExchange(mimicus.port, `GET /ok HTTP/1.1\r\nx: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(overflow).toMatch(/^HTTP\/1\.1 431/);
    expect(await (await fetch(`${mimicus.url}/ok`)).text()).toBe('ok');
  });

  it('keeps connections alive between requests', async () => {
    mimicus = await startMimicus(ECHO);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(`${mimicus!.url}/ok`, { agent }, (res) => {
          expect(res.headers.connection).toBe('keep-alive');
          res.resume();
          res.on('end', resolve);
        });
        req.on('socket', (socket) => sockets.add(socket));
        req.on('error', reject);
        req.end();
      });
    }
    agent.destroy();
    expect(sockets.size).toBe(1);
  });

  it('lets a request in flight finish during graceful shutdown', async () => {
    mimicus = await startMimicus(ECHO);
    const started = mimicus;
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${started.url}/echo`, { method: 'POST', headers: { 'content-length': '10' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('hello');
      // Finish the body only after shutdown has begun.
      setTimeout(() => req.end('world'), 200);
    });
    await new Promise((r) => setTimeout(r, 50));
    const closing = started.close();
    mimicus = undefined;
    expect(await response).toEqual({ status: 200, body: 'helloworld' });
    await closing;
    await expect(fetch(`${started.url}/ok`)).rejects.toThrow();
  });
});
