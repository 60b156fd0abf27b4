import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { EndpointTestPort } from '../control/index.js';
import type { EndpointTestResult } from '../contract/index.js';
import { AppError } from '../errors/index.js';
import type { JournalExchange, JournalRecorder } from '../observe/index.js';
import type { Plan } from '../plan/index.js';

/** The header that marks a test request; its value is a fresh random token per test, so no client can forge one. */
const TEST_HEADER = 'x-mimicus-test';
const KEPT_BODY_BYTES = 64 * 1024;
/** Past this much body the test stops reading: it reports the first KEPT_BODY_BYTES and the count so far. */
const MAX_READ_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 30_000;
/** Tests in flight at once; more are refused (a hostile admin caller must not fan out unbounded). */
const MAX_CONCURRENT = 8;

export interface EndpointTester extends EndpointTestPort {
  /**
   * `counted` for every exchange but test requests, which go to `uncounted` (the journal without
   * the metrics). With no test in flight its `record` is `counted`'s own (bound): no extra call.
   */
  exempt(counted: JournalRecorder, uncounted: JournalRecorder): JournalRecorder;
}

/**
 * `POST /api/endpoints/{id}/test`: sends one real request to the data plane (so every behavior and
 * the proxy act as for any client), reads what comes back within bounds, and keeps it out of the
 * metrics: the request carries a one-time token the recorder recognises.
 */
export function createEndpointTester(deps: { plan: () => Plan; dataPlaneUrl: () => string | undefined }): EndpointTester {
  const tokens = new Set<string>();
  // Each recorder exempt() made, told when tests start or all end: the token check runs only while one is in flight.
  const switches: (() => void)[] = [];
  const testsChanged = (): void => {
    for (const change of switches) change();
  };
  return {
    exempt(counted, uncounted) {
      const direct = counted.record.bind(counted);
      const checking = (exchange: JournalExchange): void => {
        const token = exchange.requestHeaders[TEST_HEADER];
        if (typeof token === 'string' && tokens.has(token)) uncounted.record(exchange);
        else counted.record(exchange);
      };
      const recorder: JournalRecorder = { record: tokens.size > 0 ? checking : direct };
      switches.push(() => {
        recorder.record = tokens.size > 0 ? checking : direct;
      });
      return recorder;
    },
    async test(endpointId, input) {
      const endpoint = deps.plan().endpoints.find((candidate) => candidate.id === endpointId);
      if (endpoint === undefined) throw new AppError('ENDPOINT_NOT_FOUND', `no endpoint "${endpointId}"`);
      const base = deps.dataPlaneUrl();
      if (base === undefined) throw new AppError('ADMIN_REQUEST_INVALID', 'the data plane is not listening yet');
      const method = input.method ?? (endpoint.methods ? [...endpoint.methods][0]! : 'GET');
      const path = input.path ?? literalPath(endpoint.path);
      if (path === undefined) throw new AppError('ADMIN_REQUEST_INVALID', `endpoint "${endpointId}" has parameters in its path ${endpoint.path}: give a path`);
      if (tokens.size >= MAX_CONCURRENT) throw new AppError('ADMIN_REQUEST_INVALID', `${MAX_CONCURRENT} endpoint tests are running; wait for one to finish`);
      // Appended, never resolved: "//elsewhere/x" must stay a path on the data plane, not name another host.
      const url = new URL(base + path);
      if (url.origin !== new URL(base).origin) throw new AppError('ADMIN_REQUEST_INVALID', `path ${path} does not stay on the data plane`);
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      testsChanged();
      try {
        const result = await send(url, method, { ...callerHeaders(input.headers), [TEST_HEADER]: token }, input.body);
        return { endpoint: endpointId, request: { method, path }, ...result };
      } finally {
        // The exchange is recorded when its last byte left, before the client read it: the token is no longer needed.
        tokens.delete(token);
        testsChanged();
      }
    },
  };
}

/** Framing and routing headers are ours to set: a caller's would smuggle a second request or reach another host. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'upgrade', 'expect', TEST_HEADER]);

function callerHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (!RESERVED_HEADERS.has(name.toLowerCase())) out[name] = value;
  return out;
}

/** The path when it has no parameter or wildcard, else undefined. */
function literalPath(template: string): string | undefined {
  return /[{}*:]/.test(template) ? undefined : template;
}

type Sent = Omit<EndpointTestResult, 'endpoint' | 'request'>;

function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<Sent> {
  const startedAt = performance.now();
  return new Promise<Sent>((resolve) => {
    let status = 0;
    let responseHeaders: Record<string, string> = {};
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let bodyBytes = 0;
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const text = Buffer.concat(kept).toString('utf8');
      resolve({
        status,
        headers: responseHeaders,
        body: text,
        bodyBytes,
        truncated: bodyBytes > keptBytes,
        durationMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
        ...(error === undefined ? {} : { error }),
      });
    };
    const req = httpRequest(
      url,
      { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false },
      (res) => {
        status = res.statusCode ?? 0;
        responseHeaders = flatten(res.headers);
        res.on('data', (chunk: Buffer) => {
          bodyBytes += chunk.length;
          if (keptBytes < KEPT_BODY_BYTES) {
            const piece = chunk.subarray(0, KEPT_BODY_BYTES - keptBytes);
            kept.push(piece);
            keptBytes += piece.length;
          }
          if (bodyBytes > MAX_READ_BYTES) {
            finish(`stopped reading after ${MAX_READ_BYTES} bytes`);
            req.destroy();
          }
        });
        res.on('end', () => finish());
        res.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
      },
    );
    const timer = setTimeout(() => {
      finish(`no complete answer within ${TIMEOUT_MS / 1000} s`);
      req.destroy();
    }, TIMEOUT_MS);
    req.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    req.end(body);
  });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
