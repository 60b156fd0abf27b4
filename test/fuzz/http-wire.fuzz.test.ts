/**
 * A raw-socket fuzzer against a real data plane: malformed request lines, huge and broken headers,
 * bad chunked bodies, pipelining, random bytes and half-closed sockets, sent over net.Socket. After
 * every batch the server must still answer a normal request; every connection's bytes must split
 * into whole responses (none spliced into another); memory must stay bounded.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Mimicus } from '../../src/index.js';
import { startMimicus } from '../support/start-mimicus.js';
import { fuzzIt } from './fuzz-it.js';
import { parseResponses } from './parse-responses.js';
import { rawExchange } from './raw-exchange.js';

const SLOW_BODY = 'x'.repeat(3_000);
const config = `version: 2
server: { maxBodySize: 64KB }
journal: false
endpoints:
  - id: hello
    method: GET
    path: /hello
    response: { status: 200, body: hello }
  - id: upload
    method: POST
    path: /upload
    response: { status: 201, body: stored }
  - id: slow
    method: GET
    path: /slow
    bandwidth: 8KiB/s
    response: { status: 200, body: ${SLOW_BODY} }
`;

/** RSS growth over the whole file that counts as unbounded (the fuzzer's own garbage included). */
const MAX_RSS_GROWTH_BYTES = 256 * 1024 * 1024;

let mimicus: Mimicus;
let rssAtStart = 0;
beforeAll(async () => {
  mimicus = await startMimicus(config, { dataDir: false });
  rssAtStart = process.memoryUsage().rss;
});
afterAll(async () => {
  await mimicus?.close();
});

const eol = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '');
const method = fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PRI', 'BREW', 'G\u0000T', 'get', '', 'GET GET');
const target = fc.oneof(
  fc.constantFrom(
    '/hello',
    '/upload',
    '/',
    '*',
    'http://127.0.0.1/hello',
    '/hello?x=%zz',
    '/%',
    '//',
    '/../../etc/passwd',
    '/hello#frag',
    '/hello\u0000',
    'example.com:443',
  ),
  fc.integer({ min: 1, max: 20_000 }).map((length) => `/${'a'.repeat(length)}`),
  fc.string({ maxLength: 12 }),
);
const version = fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 x', 'http/1.1', '', 'HTTP/1.12', 'HTTP/0.9');
const headerLine = fc.oneof(
  fc.constantFrom(
    'Host: 127.0.0.1',
    'Host:',
    'Host: a\u0000b',
    'Connection: close',
    'Connection: keep-alive',
    'Connection: upgrade',
    'Upgrade: websocket',
    'Expect: 100-continue',
    'Expect: bogus',
    ' folded continuation',
    'NoColon',
    ': empty-name',
    'Bad Name: x',
    'X-\u00ff: y',
  ),
  fc.constantFrom(
    'Content-Length: 5',
    'Content-Length: 0',
    'Content-Length: -1',
    'Content-Length: 99999999999999999999',
    'Content-Length: 5, 6',
    'Content-Length: abc',
    'Content-Length: 1000000',
  ),
  fc.constantFrom(
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: chunked, gzip',
    'Transfer-Encoding: xchunked',
    'Transfer-Encoding: identity',
    'Transfer-Encoding:\tchunked',
  ),
  fc.integer({ min: 1, max: 40_000 }).map((length) => `X-Big: ${'b'.repeat(length)}`),
  fc.integer({ min: 1, max: 300 }).map((count) => Array.from({ length: count }, (_, i) => `X-H${i}: v`).join('\r\n')),
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 16 })).map(([name, value]) => `${name}: ${value}`),
);
const body = fc.oneof(
  fc.constantFrom(
    '',
    'hello',
    '5\r\nhello\r\n0\r\n\r\n',
    '5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n',
    'zz\r\nhello\r\n',
    '-1\r\n',
    'ffffffffffffffff\r\nx',
    '5\r\nhelloXX0\r\n\r\n',
    '0\r\n',
    '3\r\nabc\r\n',
  ),
  fc.string({ maxLength: 64 }),
);

/** One request-shaped message: every part may be wrong. */
const message = fc
  .tuple(method, target, version, eol, fc.array(headerLine, { maxLength: 5 }), body)
  .map(([m, t, v, end, headers, b]) => `${m} ${t} ${v}${end}${headers.map((h) => `${h}${end}`).join('')}${end}${b}`);

const validHello = 'GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

type Input = { chunks: Buffer[]; halfClose: boolean; gapMs: number; pipelinedHellos: number };

const splitInto = (text: Buffer, cuts: number[]): Buffer[] => {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let last = 0;
  for (const point of points) {
    parts.push(text.subarray(last, point));
    last = point;
  }
  parts.push(text.subarray(last));
  return parts.filter((part) => part.length > 0);
};

const input: fc.Arbitrary<Input> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.array(message, { minLength: 1, maxLength: 3 }).map((list) => ({ text: Buffer.from(list.join(''), 'latin1'), hellos: 0 })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ text: Buffer.from(bytes), hellos: 0 })) },
      // pipelined valid requests, then maybe a malformed one behind them
      {
        weight: 2,
        arbitrary: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.option(message)).map(([count, tail]) => ({
          text: Buffer.from(validHello.repeat(count) + (tail ?? ''), 'latin1'),
          hellos: count,
        })),
      },
      // a response still being written (bandwidth-shaped) when a malformed request arrives behind it
      {
        weight: 1,
        arbitrary: message.map((tail) => ({
          text: Buffer.from(`GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n${tail}\u0001garbage\r\n\r\n`, 'latin1'),
          hellos: 0,
        })),
      },
    ),
    fc.array(fc.nat(), { maxLength: 3 }),
    fc.boolean(),
    fc.constantFrom(0, 0, 5),
  )
  .map(([{ text, hellos }, cuts, halfClose, gapMs]) => ({ chunks: splitInto(text, cuts), halfClose, gapMs, pipelinedHellos: hellos }));

async function expectStillServing(): Promise<void> {
  const started = performance.now();
  const { data, closed } = await rawExchange(mimicus.port, [Buffer.from('GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')], {
    idleMs: 2_000,
  });
  const parsed = parseResponses(data, closed);
  expect(parsed.ok, parsed.ok ? '' : parsed.problem).toBe(true);
  expect(parsed.responses.map((r) => `${r.status} ${r.body.toString()}`)).toEqual(['200 hello']);
  expect(performance.now() - started).toBeLessThan(2_000);
}

/** The bytes end inside a response body: the /slow endpoint's paced body is still arriving. */
const endsInsideABody = (data: Buffer): boolean => {
  const parsed = parseResponses(data, false);
  return !parsed.ok && parsed.problem.startsWith('body shorter than its content-length');
};

describe('HTTP wire fuzzing of the data plane', () => {
  fuzzIt(
    'http-wire/batch',
    'after any batch of hostile connections the server answers, and each connection reads as whole responses',
    () =>
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 4 }), async (batch) => {
        const results = await Promise.all(
          batch.map((item) =>
            rawExchange(mimicus.port, item.chunks, { halfClose: item.halfClose, gapMs: item.gapMs, idleMs: 250, incomplete: endsInsideABody }),
          ),
        );
        results.forEach(({ data, closed }, i) => {
          const parsed = parseResponses(data, closed);
          // A FIN reads as the client leaving (node:http's default, kept so that a client gone during
          // a latency wait or a forward is noticed at once): a response still being written to a
          // half-closed connection may be cut. Only that: whole responses before it, nothing spliced.
          const cutByFin = !parsed.ok && batch[i]?.halfClose === true && parsed.problem.startsWith('body shorter than its content-length');
          expect(parsed.ok || cutByFin, parsed.ok ? '' : `connection ${i}: ${parsed.problem}`).toBe(true);
          // The n-th response answers the n-th request: a response to a pipelined valid request may
          // be missing (the server may close on a later bad one) but nothing may take its place.
          const wanted = batch[i]?.pipelinedHellos ?? 0;
          const answers = parsed.responses.slice(0, wanted).map((r) => `${r.status} ${r.body.toString()}`);
          expect(answers, `connection ${i}: responses to ${wanted} pipelined GET /hello`).toEqual(answers.map(() => '200 hello'));
          if (wanted > 0 && !batch[i]?.halfClose && batch[i]?.chunks.length === 1) expect(answers.length).toBeGreaterThan(0);
        });
        await expectStillServing();
        expect(process.memoryUsage().rss - rssAtStart).toBeLessThan(MAX_RSS_GROWTH_BYTES);
      }),
    { runs: 25 },
  );
});
