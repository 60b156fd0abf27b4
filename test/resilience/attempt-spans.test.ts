import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startBackend, type Backend } from '../proxy/backends.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
let receiver: OtlpReceiver | undefined;
const backends: Backend[] = [];
afterEach(async () => {
  await mimicus?.close();
  await receiver?.close();
  mimicus = undefined;
  receiver = undefined;
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

const SERVER = 2; // OTLP SpanKind SPAN_KIND_SERVER
const CLIENT = 3; // OTLP SpanKind SPAN_KIND_CLIENT
const ERROR = 2; // OTLP StatusCode STATUS_CODE_ERROR

async function backend(status: number, text: string, delayMs = 0): Promise<Backend> {
  const started = await startBackend((_req, res) => {
    setTimeout(() => res.writeHead(status, { 'content-length': String(text.length) }).end(text), delayMs);
  });
  backends.push(started);
  return started;
}

const config = (otlp: string, targets: Backend[], policies: string) => `
version: 2
observability:
  tracing: { otlpEndpoint: "${otlp}" }
upstreams:
  - id: api
    balance: round-robin
    targets: [ ${targets.map((target) => `{ url: "${target.url}" }`).join(', ')} ]
    ${policies}
endpoints:
  - id: api
    path: /api/**
    proxy: { upstream: api }
`;

/** Closing Mimicus flushes the batch processor: every span is at the receiver afterwards. */
async function attemptsOf(): Promise<{ server: ReceivedSpan; attempts: ReceivedSpan[] }> {
  await mimicus!.close();
  mimicus = undefined;
  const spans = receiver!.spans;
  const server = spans.find((span) => span.kind === SERVER)!;
  const attempts = spans
    .filter((span) => span.name === 'upstream attempt')
    .sort((a, b) => Number(a.attributes['mimicus.attempt.number']) - Number(b.attributes['mimicus.attempt.number']));
  return { server, attempts };
}

/** The span id a backend saw as its parent in traceparent. */
const parentSeenBy = (target: Backend): string => (target.seen[0]!.headers.traceparent as string).split('-')[2]!;

describe('tracing: a span per attempt', () => {
  it('makes the first try and its retry child spans of the request, with target, number, kind and outcome', async () => {
    receiver = await startOtlpReceiver();
    const failing = await backend(503, 'down');
    const good = await backend(200, 'ok');
    mimicus = await startMimicus(config(receiver.url, [failing, good], 'retry: { attempts: 3, retryOn: [503], backoff: { base: 1ms, max: 2ms } }'), {
      dataDir: false,
    });
    const response = await fetch(`${mimicus.url}/api/x`);
    expect(await response.text()).toBe('ok');

    const { server, attempts } = await attemptsOf();
    expect(attempts).toHaveLength(2);
    expect(attempts.every((span) => span.parentSpanId === server.spanId && span.traceId === server.traceId && span.kind === CLIENT)).toBe(true);
    expect(attempts.map((span) => span.attributes)).toEqual([
      expect.objectContaining({
        'mimicus.upstream.id': 'api',
        'mimicus.attempt.target': failing.url,
        'mimicus.attempt.number': 1,
        'mimicus.attempt.kind': 'first',
        'mimicus.attempt.outcome': '503',
        'http.response.status_code': 503,
      }),
      expect.objectContaining({
        'mimicus.attempt.target': good.url,
        'mimicus.attempt.number': 2,
        'mimicus.attempt.kind': 'retry',
        'mimicus.attempt.outcome': '200',
        'http.response.status_code': 200,
      }),
    ]);
    expect(attempts[0]!.status.code).toBe(ERROR);
    expect(attempts[1]!.status.code).not.toBe(ERROR);
    // Each backend continues the trace under the attempt that reached it, not under the server span.
    expect(parentSeenBy(failing)).toBe(attempts[0]!.spanId);
    expect(parentSeenBy(good)).toBe(attempts[1]!.spanId);
  });

  it('makes a hedge its own span, and ends the losing attempt as cancelled, not as an error', async () => {
    receiver = await startOtlpReceiver();
    const slow = await backend(200, 'slow', 1_000);
    const fast = await backend(200, 'fast');
    mimicus = await startMimicus(config(receiver.url, [slow, fast], 'hedge: { after: 20ms, max: 1, budgetPercent: 100 }'), { dataDir: false });
    expect(await (await fetch(`${mimicus.url}/api/x`)).text()).toBe('fast');

    const { server, attempts } = await attemptsOf();
    expect(
      attempts.map((span) => [span.attributes['mimicus.attempt.kind'], span.attributes['mimicus.attempt.target'], span.attributes['mimicus.attempt.outcome']]),
    ).toEqual([
      ['first', slow.url, 'cancelled'],
      ['hedge', fast.url, '200'],
    ]);
    expect(attempts.every((span) => span.parentSpanId === server.spanId && span.status.code !== ERROR)).toBe(true);
  });
});
