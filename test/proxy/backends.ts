import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';

/** A real backend on port 0 for proxy tests. */
export interface Backend {
  readonly url: string;
  readonly port: number;
  /** Requests it received, in order. */
  readonly seen: { method: string; url: string; headers: IncomingMessage['headers']; rawHeaders: string[]; body: string }[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** An HTTP backend running `handle`; by default it echoes what it got as JSON. */
export async function startBackend(handle?: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<Backend> {
  const seen: Backend['seen'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, rawHeaders: req.rawHeaders, body });
      if (handle) return handle(req, res, body);
      const text = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-backend': 'echo' });
      res.end(text);
    });
  });
  return listen(server, seen);
}

/** A TCP server that answers every connection with `bytes` (invalid HTTP, say) or resets it. */
/** Backends that answer their own name, so a response says which target served it. */
export function startNamedBackends(...names: string[]): Promise<Backend[]> {
  return Promise.all(names.map((name) => startBackend((_req, res) => res.writeHead(200, { 'content-length': String(name.length) }).end(name))));
}

export async function startRawBackend(onConnection: (socket: Socket) => void): Promise<Backend> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  const backend = await listen(server, []);
  return {
    ...backend,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await backend.close();
    },
  };
}

async function listen(server: Server | NetServer, seen: Backend['seen']): Promise<Backend> {
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
