import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRequestTracing, type RequestTracing } from './create-request-tracing.js';

// A collector that accepts and forgets: these tests read no exports, but close() must not wait on retries.
let collector: Server;
let otlpEndpoint = '';
beforeAll(async () => {
  collector = createServer((req, res) => req.resume().on('end', () => res.end('{}')));
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  otlpEndpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

const incoming = (headers: Record<string, string> = {}): IncomingMessage =>
  ({
    method: 'GET',
    url: '/orders?page=2',
    httpVersion: '1.1',
    headers,
    socket: { remoteAddress: '127.0.0.1', localPort: 8080 },
  }) as unknown as IncomingMessage;

let tracing: RequestTracing | undefined;
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
});

describe('createRequestTracing', () => {
  it("injects the server span as the parent of an upstream request (the proxy hook), in the caller's trace", () => {
    tracing = createRequestTracing({ otlpEndpoint, sampleRatio: 1 });
    const trace = tracing.start(
      incoming({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'vendor=abc' }),
      performance.now(),
    )!;
    const upstream: Record<string, string> = {};
    trace.inject(upstream);
    expect(upstream.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(upstream.traceparent).not.toContain('b7ad6b7169203331');
    expect(upstream.tracestate).toBe('vendor=abc');
    trace.finished(200, false);
  });

  it('decides sampling at the start: ratio 0 gives no trace unless a sampled parent asks for one', () => {
    tracing = createRequestTracing({ otlpEndpoint, sampleRatio: 0 });
    expect(tracing.start(incoming(), performance.now())).toBeUndefined();
    expect(tracing.start(incoming({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' }), performance.now())).toBeUndefined();
    const followed = tracing.start(incoming({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }), performance.now());
    expect(followed).toBeDefined();
    followed!.finished(200, false);
  });
});
