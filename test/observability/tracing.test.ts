import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { captureLogs } from '../support/log-capture.js';
import { startMimicus } from '../support/start-mimicus.js';

let mimicus: Mimicus | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await mimicus?.close();
  await receiver?.close();
  mimicus = undefined;
  receiver = undefined;
});

const SERVER = 2; // OTLP SpanKind SPAN_KIND_SERVER
const ERROR = 2; // OTLP StatusCode STATUS_CODE_ERROR

const config = (url: string, tracing: string) => `
version: 2
server: { seed: 7 }
observability:
  tracing: { otlpEndpoint: "${url}", ${tracing} }
endpoints:
  - id: get-user
    method: GET
    path: /users/{id}
    latency: { fixed: 25ms }
    rateLimit: { rate: 100/s, burst: 10 }
    response: { template: true, body: 'user {{request.params.id}}' }
  - id: broken
    path: /broken
    errors: [ { rate: 1, status: 503 } ]
    response: { body: ok }
  - id: pipe
    path: /pipe
    bandwidth: 64KiB/s
    response: { body: 'a slow pipe' }
  - id: flaky
    path: /flaky
    variants:
      - { id: down, weight: 1, response: { status: 502 } }
`;

async function get(path: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${mimicus!.url}${path}`, { headers });
  await response.arrayBuffer();
  return response.status;
}

/** Closing Mimicus flushes the batch processor: every span is at the receiver afterwards. */
async function closeAndCollect(): Promise<ReceivedSpan[]> {
  await mimicus!.close();
  mimicus = undefined;
  return receiver!.spans;
}

const serverSpan = (spans: readonly ReceivedSpan[], path: string) => {
  const found = spans.filter((span) => span.kind === SERVER && span.attributes['url.path'] === path);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const childrenOf = (spans: readonly ReceivedSpan[], parent: ReceivedSpan) =>
  spans.filter((span) => span.parentSpanId === parent.spanId).sort((a, b) => Number(a.startNs - b.startNs) || a.name.localeCompare(b.name));
const byName = (spans: readonly ReceivedSpan[], name: string) => spans.find((span) => span.name === name)!;
const durationMs = (span: ReceivedSpan) => Number(span.endNs - span.startNs) / 1e6;

describe('tracing (OTLP/HTTP)', () => {
  it('exports a server span per request with its match, behavior and render spans as children', async () => {
    receiver = await startOtlpReceiver();
    mimicus = await startMimicus(config(receiver.url, 'serviceName: shop-sim, headers: { x-collector-token: t0k3n }'), { dataDir: false });
    expect(await get('/users/7')).toBe(200);
    expect(await get('/broken')).toBe(503);
    expect(await get('/pipe')).toBe(200);
    expect(await get('/nowhere')).toBe(404);
    expect(await get('/flaky')).toBe(502);
    const spans = await closeAndCollect();

    expect(receiver.requests.every((headers) => headers['x-collector-token'] === 't0k3n')).toBe(true);
    const user = serverSpan(spans, '/users/7');
    expect(user).toMatchObject({ name: 'GET /users/{id}', parentSpanId: undefined, serviceName: 'shop-sim' });
    expect(user.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/users/{id}',
      'http.response.status_code': 200,
      'mimicus.endpoint.id': 'get-user',
      'mimicus.delay_ms': 25,
    });
    const children = childrenOf(spans, user);
    expect(children.map((span) => span.name)).toEqual(['match', 'rate-limit', 'render', 'latency']);
    expect(children.every((span) => span.traceId === user.traceId)).toBe(true);
    const [match, limit, render, latency] = children as [ReceivedSpan, ReceivedSpan, ReceivedSpan, ReceivedSpan];
    expect(match.attributes).toMatchObject({ 'mimicus.endpoint.id': 'get-user', 'mimicus.matched': true });
    expect(limit.attributes).toMatchObject({
      'mimicus.rate_limit.bucket': 'endpoint:get-user',
      'mimicus.rate_limit.allowed': true,
      'mimicus.rate_limit.remaining': 9,
    });
    expect(render.attributes).toMatchObject({ 'mimicus.responder': 'template' });
    expect(latency.attributes['mimicus.latency.sampled_ms']).toBe(25);
    // In order, inside the request: match, then render, then the wait that completes the 25 ms.
    expect(match.endNs <= render.startNs && render.endNs <= latency.startNs && latency.endNs <= user.endNs).toBe(true);
    expect(match.startNs >= user.startNs).toBe(true);
    expect(durationMs(user)).toBeGreaterThanOrEqual(24);
    // The wait is what completes the sampled 25 ms, counted from the request's start ("sampled −
    // elapsed"). Not its own length: a cold first request under load spent ~25 ms matching and
    // rendering in a fresh-clone gate, and then rightly waited almost nothing.
    expect(Number(latency.endNs - user.startNs) / 1e6).toBeGreaterThanOrEqual(24);

    const broken = serverSpan(spans, '/broken');
    expect(broken.status.code).toBe(ERROR);
    expect(broken.attributes).toMatchObject({ 'http.response.status_code': 503, 'mimicus.fault.kind': 'status' });
    expect(byName(childrenOf(spans, broken), 'fault').attributes).toMatchObject({ 'mimicus.fault.kind': 'status', 'mimicus.fault.label': 'status:503' });

    const pipe = serverSpan(spans, '/pipe');
    expect(byName(childrenOf(spans, pipe), 'bandwidth').attributes).toMatchObject({
      'mimicus.delivery.kind': 'paced',
      'mimicus.bandwidth.bytes_per_second': 65536,
    });

    const flaky = serverSpan(spans, '/flaky');
    expect(flaky.attributes).toMatchObject({ 'http.response.status_code': 502, 'mimicus.variant': 'down' });
    expect(byName(childrenOf(spans, flaky), 'render').attributes).toMatchObject({ 'mimicus.responder': 'variants', 'mimicus.variant': 'down' });

    const unmatched = serverSpan(spans, '/nowhere');
    expect(unmatched.name).toBe('GET');
    expect(unmatched.status.code).not.toBe(ERROR);
    expect(unmatched.attributes['http.response.status_code']).toBe(404);
    expect(childrenOf(spans, unmatched).map((span) => [span.name, span.attributes['mimicus.matched']])).toEqual([['match', false]]);
  });

  it('continues the trace of an incoming traceparent', async () => {
    receiver = await startOtlpReceiver();
    mimicus = await startMimicus(config(receiver.url, 'sampleRatio: 1'), { dataDir: false });
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const parentId = 'b7ad6b7169203331';
    expect(await get('/users/1', { traceparent: `00-${traceId}-${parentId}-01`, tracestate: 'vendor=abc' })).toBe(200);
    const spans = await closeAndCollect();
    const user = serverSpan(spans, '/users/1');
    expect(user.traceId).toBe(traceId);
    expect(user.parentSpanId).toBe(parentId);
    expect(spans.every((span) => span.traceId === traceId)).toBe(true);
    expect(childrenOf(spans, user).length).toBe(4);
  });

  it('with sampleRatio 0 exports no new trace, but follows a sampled parent', async () => {
    receiver = await startOtlpReceiver();
    mimicus = await startMimicus(config(receiver.url, 'sampleRatio: 0'), { dataDir: false });
    const sampled = '4bf92f3577b34da6a3ce929d0e0e4736';
    for (let i = 0; i < 5; i++) expect(await get(`/users/${i}`)).toBe(200);
    expect(await get('/users/sampled', { traceparent: `00-${sampled}-00f067aa0ba902b7-01` })).toBe(200);
    expect(await get('/users/unsampled', { traceparent: '00-5bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' })).toBe(200);
    const spans = await closeAndCollect();
    expect(spans.filter((span) => span.kind === SERVER).map((span) => span.attributes['url.path'])).toEqual(['/users/sampled']);
    expect(spans.length).toBe(5);
    expect(spans.every((span) => span.traceId === sampled)).toBe(true);
  });

  it('traces two instances in one process separately (no global provider)', async () => {
    receiver = await startOtlpReceiver();
    const other = await startOtlpReceiver();
    mimicus = await startMimicus(config(receiver.url, 'serviceName: first'), { dataDir: false });
    const second = await startMimicus(config(other.url, 'serviceName: second'), { dataDir: false });
    try {
      const response = await fetch(`${second.url}/broken`);
      await response.arrayBuffer();
      expect(await get('/users/1')).toBe(200);
    } finally {
      await second.close();
      await other.close();
    }
    const spans = await closeAndCollect();
    expect(new Set(spans.map((span) => span.serviceName))).toEqual(new Set(['first']));
    expect(spans.some((span) => span.attributes['url.path'] === '/broken')).toBe(false);
    expect(new Set(other.spans.map((span) => span.serviceName))).toEqual(new Set(['second']));
    expect(other.spans.filter((span) => span.kind === SERVER).map((span) => span.attributes['url.path'])).toEqual(['/broken']);
  });
});

describe('tracing edge cases', () => {
  it('ends the span of a client that leaves during the latency wait, with the part that was waited', async () => {
    receiver = await startOtlpReceiver();
    mimicus = await startMimicus(
      `version: 2
observability: { tracing: { otlpEndpoint: "${receiver.url}" } }
endpoints: [ { id: slow, path: /slow, latency: { fixed: 2s }, response: { body: late } } ]
`,
      { dataDir: false },
    );
    const controller = new AbortController();
    const request = fetch(`${mimicus.url}/slow`, { signal: controller.signal }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await request;
    await new Promise((r) => setTimeout(r, 50));
    const spans = await closeAndCollect();
    const slow = serverSpan(spans, '/slow');
    expect(slow.attributes).toMatchObject({ 'mimicus.abandoned': true, 'mimicus.delay_ms': 2000 });
    expect(slow.attributes).not.toHaveProperty('http.response.status_code');
    const latency = byName(childrenOf(spans, slow), 'latency');
    expect(latency.attributes).toMatchObject({ 'mimicus.latency.sampled_ms': 2000, 'mimicus.latency.completed': false });
    expect(durationMs(latency)).toBeGreaterThan(50);
    expect(durationMs(latency)).toBeLessThan(1000);
  });

  it('traces the state path: matching on state and a template that reads and writes state', async () => {
    receiver = await startOtlpReceiver();
    mimicus = await startMimicus(
      `version: 2
observability: { tracing: { otlpEndpoint: "${receiver.url}" } }
endpoints:
  - { id: visit, method: POST, path: /visit, response: { template: true, body: 'visit {{state.inc "visits"}}' } }
  - { id: regular, method: GET, path: /me, match: { state: { visits: { present: true } } }, response: { body: regular } }
  - { id: stranger, method: GET, path: /me, response: { body: stranger } }
`,
      { dataDir: false },
    );
    const session = { 'x-mimicus-session': 's1' };
    expect(await (await fetch(`${mimicus.url}/me`, { headers: session })).text()).toBe('stranger');
    expect(await (await fetch(`${mimicus.url}/visit`, { method: 'POST', headers: session })).text()).toBe('visit 1');
    expect(await (await fetch(`${mimicus.url}/me`, { headers: session })).text()).toBe('regular');
    const spans = await closeAndCollect();
    const servers = spans.filter((span) => span.kind === SERVER).sort((a, b) => Number(a.startNs - b.startNs));
    expect(servers.map((span) => [span.name, span.attributes['mimicus.endpoint.id']])).toEqual([
      ['GET /me', 'stranger'],
      ['POST /visit', 'visit'],
      ['GET /me', 'regular'],
    ]);
    const visit = servers[1]!;
    expect(childrenOf(spans, visit).map((span) => [span.name, span.attributes['mimicus.responder']])).toEqual([
      ['match', undefined],
      ['render', 'template'],
    ]);
  });

  it('adds OTEL_RESOURCE_ATTRIBUTES to the resource, with serviceName from the config', async () => {
    receiver = await startOtlpReceiver();
    const saved = process.env.OTEL_RESOURCE_ATTRIBUTES;
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'deployment.environment=load-test,service.name=ignored';
    try {
      mimicus = await startMimicus(
        `version: 2\nobservability: { tracing: { otlpEndpoint: "${receiver.url}", serviceName: sim } }\nendpoints: [ { id: hi, path: /hi, response: { body: hi } } ]\n`,
        { dataDir: false },
      );
    } finally {
      if (saved === undefined) delete process.env.OTEL_RESOURCE_ATTRIBUTES;
      else process.env.OTEL_RESOURCE_ATTRIBUTES = saved;
    }
    expect(await get('/hi')).toBe(200);
    const spans = await closeAndCollect();
    expect(spans.length).toBeGreaterThan(0);
    expect(spans[0]!.resource).toMatchObject({ 'service.name': 'sim', 'deployment.environment': 'load-test', 'telemetry.sdk.language': 'nodejs' });
  });

  it('logs when the collector refuses the spans', async () => {
    const { logger, lines } = captureLogs();
    const refusing = createServer((req, res) => req.resume().on('end', () => res.writeHead(400).end('{"code":3,"message":"no"}')));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/v1/traces`;
    try {
      mimicus = await startMimicus(
        `version: 2\nobservability: { tracing: { otlpEndpoint: "${url}" } }\nendpoints: [ { id: hi, path: /hi, response: { body: hi } } ]\n`,
        {
          dataDir: false,
          logger,
          tracingDelayMs: 20,
        },
      );
      expect(lines.find((line) => line.msg === `tracing: exporting to ${url}`)).toMatchObject({ level: 30, sampleRatio: 1 });
      expect(await get('/hi')).toBe(200);
      for (let i = 0; i < 100 && !lines.some((line) => line.level === 40); i++) await new Promise((r) => setTimeout(r, 20));
      expect(lines.find((line) => line.level === 40)).toMatchObject({
        otlpEndpoint: url,
        droppedSpans: 3,
        msg: expect.stringContaining(`traces could not be exported to ${url}`),
      });
    } finally {
      await mimicus?.close();
      mimicus = undefined;
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});
