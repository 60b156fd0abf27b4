import { request } from 'node:http';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * One request with exactly the headers given (fetch will not send a chosen Host, nor a browser's
 * Origin and Sec-Fetch-* as a browser would), on a fresh connection.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** The problem document of a raw answer, after checking it is one with this status and code. */
export function problemOf(answer: RawAnswer, status: number, code: string): Record<string, unknown> {
  if (answer.status !== status) throw new Error(`expected ${status} ${code}, got ${answer.status}: ${answer.body.slice(0, 300)}`);
  if (!String(answer.headers['content-type']).startsWith('application/problem+json'))
    throw new Error(`not problem+json: ${String(answer.headers['content-type'])}`);
  const problem = JSON.parse(answer.body) as Record<string, unknown>;
  if (problem.code !== code) throw new Error(`expected code ${code}, got ${String(problem.code)}: ${answer.body}`);
  return problem;
}
