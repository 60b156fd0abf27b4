import { request } from 'node:http';
import type { SideRequest } from './scenario.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const bodilessGet: SideRequest = { method: 'GET' };

/** One request on a fresh connection (a bodiless GET unless `sent` says otherwise); rejects on socket errors and after timeoutMs. */
export function httpRequest(url: string, timeoutMs = 2_000, sent: SideRequest = bodilessGet): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (sent.contentType !== undefined) headers['content-type'] = sent.contentType;
  // A length rather than chunked encoding, as wrk and autocannon send it.
  if (sent.body !== undefined) headers['content-length'] = String(Buffer.byteLength(sent.body, 'utf8'));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: sent.method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${sent.method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(sent.body);
  });
}
