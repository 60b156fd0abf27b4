import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../../clock/index.js';
import { createRandom } from '../../distributions/index.js';
import type { PreparedResponse } from '../../plan/index.js';
import { deliver } from './deliver.js';
import type { Delivery } from './types.js';

export interface DeliveryServer {
  readonly port: number;
  /** TCP connections accepted so far: tells a reused keep-alive connection from a new one. */
  readonly connections: () => number;
  /** One entry per request, in arrival order: when deliver() was called and when its promise settled. */
  readonly deliveries: { startedMs: number; settledMs?: number; settled: Promise<void>; bytesWritten: () => number }[];
  close(): Promise<void>;
}

/**
 * A real node:http server on 127.0.0.1, port 0, whose handler hands each request to deliver(),
 * timed by `clock` (a ManualClock lets a test move pacing time by hand; times in the results stay
 * real ones). Each delivery tells how many bytes the server handed to its socket so far.
 */
export async function startDeliveryServer(
  choose: (req: IncomingMessage) => { response: PreparedResponse; delivery: Delivery },
  clock: Clock = systemClock,
): Promise<DeliveryServer> {
  let connections = 0;
  const deliveries: DeliveryServer['deliveries'] = [];
  const random = createRandom(7);
  const server = http.createServer((req, res) => {
    const { response, delivery } = choose(req);
    const socket = req.socket;
    const entry: DeliveryServer['deliveries'][number] = { startedMs: performance.now(), settled: Promise.resolve(), bytesWritten: () => socket.bytesWritten };
    entry.settled = deliver(res, response, delivery, { random, clock }).then(() => {
      entry.settledMs = performance.now();
    });
    deliveries.push(entry);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ClientResult {
  readonly status: number | undefined;
  /** performance.now() when the head arrived. */
  readonly headMs: number | undefined;
  /** Arrival time and running byte total of every body chunk read. */
  readonly reads: readonly { readonly atMs: number; readonly totalBytes: number }[];
  readonly body: Buffer;
  /** performance.now() when the body ended or the exchange failed. */
  readonly endMs: number;
  readonly error: NodeJS.ErrnoException | undefined;
}

/** A real node:http client request; never rejects, errors are part of the result. */
export function request(port: number, path: string, options: { agent?: http.Agent; method?: string } = {}): Promise<ClientResult> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let headMs: number | undefined;
    const reads: { atMs: number; totalBytes: number }[] = [];
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (error?: NodeJS.ErrnoException): void => {
      if (done) return;
      done = true;
      resolve({ status, headMs, reads, body: Buffer.concat(chunks), endMs: performance.now(), error });
    };
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', agent: options.agent ?? false }, (res) => {
      headMs = performance.now();
      status = res.statusCode;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        chunks.push(chunk);
        reads.push({ atMs: performance.now(), totalBytes: total });
      });
      res.on('end', () => finish());
      res.on('error', finish);
    });
    req.on('error', finish);
    req.end();
  });
}

/** A prepared response with a correct content-length. */
export function preparedResponse(body: string | Buffer, status = 200): PreparedResponse {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  return { status, headers: ['content-type', 'application/octet-stream', 'content-length', String(length)], body };
}
