import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
  /** performance.now() when the request was sent. */
  sentAt: number;
  /** Send → response head (first byte), and send → last body byte, in ms. */
  firstByteMs: number;
  totalMs: number;
}

/** One GET timed from the client's side; the body is counted, not kept. Pass an Agent to reuse a connection. */
export function timedGet(url: string, options: { agent?: Agent; timeoutMs?: number } = {}): Promise<TimedAnswer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    const req = request(url, { method: 'GET', agent: options.agent ?? false, timeout: timeoutMs }, (res) => {
      const firstByteMs = performance.now() - sentAt;
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, sentAt, firstByteMs, totalMs: performance.now() - sentAt }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The `delay;dur=<ms>` entry of a Server-Timing header (Mimicus with server.debugHeaders), if any. */
export function serverTimingDelayMs(header: string | string[] | undefined): number | undefined {
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (!text) return undefined;
  const match = /(?:^|,)\s*delay\s*;(?:[^,]*;)?\s*dur=(\d+(?:\.\d+)?)/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
