import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createMimicus, type Mimicus } from '../../src/index.js';

let mimicus: Mimicus | undefined;
let backend: Server | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
  backend?.closeAllConnections();
  await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
  backend = undefined;
});

/** A backend that echoes WebSocket messages (prefixed with the path) and answers plain requests 200. */
async function echoBackend(): Promise<string> {
  backend = createServer((_req, res) => res.writeHead(200, { 'content-length': '5' }).end('plain'));
  const wss = new WebSocketServer({ server: backend });
  wss.on('connection', (socket, req) => socket.on('message', (data) => socket.send(`${req.url} ${String(data)}`)));
  await new Promise<void>((resolve) => backend!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
}

const wsUrl = (url: string) => url.replace(/^http/, 'ws');

describe('WebSocket upgrades through the proxy', () => {
  it('tunnels a WebSocket to the backend, both ways', async () => {
    const url = await echoBackend();
    mimicus = await createMimicus(
      {
        version: 2,
        upstreams: [{ id: 'u', targets: [{ url }] }],
        endpoints: [
          { id: 'ws', path: '/ws/**', proxy: { upstream: 'u' } },
          { id: 'm', path: '/mock', response: { body: 'mock' } },
        ],
      },
      { dataDir: false },
    );
    await mimicus.listen(0, '127.0.0.1');
    const socket = new WebSocket(`${wsUrl(mimicus.url)}/ws/chat?room=1`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const replies: string[] = [];
    const two = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        replies.push(String(data));
        if (replies.length === 2) resolve();
      }),
    );
    socket.send('hello');
    socket.send('again');
    await two;
    expect(replies).toEqual(['/ws/chat?room=1 hello', '/ws/chat?room=1 again']);
    socket.close();
  });

  it('answers an Upgrade request to a mocked path as the ordinary request it also is', async () => {
    const url = await echoBackend();
    mimicus = await createMimicus(
      {
        version: 2,
        upstreams: [{ id: 'u', targets: [{ url }] }],
        endpoints: [{ id: 'm', path: '/mock', response: { status: 200, body: 'mock' } }],
      },
      { dataDir: false },
    );
    await mimicus.listen(0, '127.0.0.1');
    const socket = new WebSocket(`${wsUrl(mimicus.url)}/mock`);
    const status = await new Promise<number>((resolve) => socket.once('unexpected-response', (_req, res) => resolve(res.statusCode!)));
    expect(status).toBe(200);
    // Plain requests still work after it.
    expect(await (await fetch(`${mimicus.url}/mock`)).text()).toBe('mock');
  });

  it('relays a backend that refuses the upgrade', async () => {
    backend = createServer((_req, res) => res.writeHead(403, { 'content-length': '2' }).end('no'));
    await new Promise<void>((resolve) => backend!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
    mimicus = await createMimicus({ version: 2, endpoints: [{ id: 'ws', path: '/ws', proxy: { url } }] }, { dataDir: false });
    await mimicus.listen(0, '127.0.0.1');
    const socket = new WebSocket(`${wsUrl(mimicus.url)}/ws`);
    const status = await new Promise<number>((resolve) => socket.once('unexpected-response', (_req, res) => resolve(res.statusCode!)));
    expect(status).toBe(403);
  });
});
