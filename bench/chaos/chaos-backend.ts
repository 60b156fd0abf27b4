import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createRandom } from '../../src/distributions/index.js';

/** How a chaos backend behaves right now; the scenario switches it while the load runs. */
export type BackendMode = 'ok' | 'down' | 'hang' | 'half-503' | 'heavy-tail' | 'reset-mid-body';

const BODY = Buffer.alloc(2048, 'x');

/**
 * A real backend on loopback that fails in scripted ways: down (its port refuses connections),
 * hang (never answers), half-503, heavy-tail (5% of answers stalled 1 s), reset-mid-body (20% of
 * answers cut after half the body). It counts the requests it received.
 */
export class ChaosBackend {
  mode: BackendMode = 'ok';
  port = 0;
  received = 0;
  /** Clock readings (performance.now()) of the requests answered 200. */
  readonly served: number[] = [];
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  readonly #random: () => number;

  constructor(seed: number) {
    const random = createRandom(seed);
    this.#random = () => random.next();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      if (req.url === '/health') return void res.writeHead(200, { 'content-length': '2' }).end('ok');
      this.received++;
      const roll = this.#random();
      const ok = () => {
        if (res.destroyed) return;
        this.served.push(performance.now());
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(BODY.length) }).end(BODY);
      };
      switch (this.mode) {
        case 'hang':
          return;
        case 'half-503':
          if (roll < 0.5) return void res.writeHead(503, { 'content-length': '4' }).end('busy');
          return ok();
        case 'heavy-tail':
          if (roll < 0.05) return void setTimeout(ok, 1000);
          return ok();
        case 'reset-mid-body':
          if (roll < 0.2) {
            res.writeHead(200, { 'content-length': String(BODY.length) });
            res.write(BODY.subarray(0, BODY.length / 2));
            return void setImmediate(() => res.socket?.destroy());
          }
          return ok();
        default:
          return ok();
      }
    });
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Closes the port and every connection: new connections are refused until start() again. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async setMode(mode: BackendMode): Promise<void> {
    if (mode === 'down' && this.mode !== 'down') await this.stop();
    if (mode !== 'down' && this.mode === 'down') await this.start();
    // Hung requests of a backend that stops hanging are let go (the proxy or its policies gave up on them).
    if (this.mode === 'hang' && mode !== 'hang') for (const socket of this.#sockets) socket.destroy();
    this.mode = mode;
  }
}
