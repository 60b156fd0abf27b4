import { Agent, request } from 'node:http';

export interface FloodResult {
  sent: number;
  statuses: Map<number, number>;
  errors: number;
}

/**
 * A closed-loop flood: `connections` keep-alive connections, each sending its next request when
 * the previous one ended, until the signal aborts. `next` builds each request (path, headers, body).
 */
export async function floodRequests(
  baseUrl: string,
  connections: number,
  signal: AbortSignal,
  next: (i: number) => { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<FloodResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const result: FloodResult = { sent: 0, statuses: new Map(), errors: 0 };
  const once = () =>
    new Promise<void>((resolve) => {
      const spec = next(result.sent++);
      const req = request(`${baseUrl}${spec.path}`, { method: spec.method ?? 'GET', headers: spec.headers, agent, signal }, (response) => {
        response.resume();
        response.on('end', () => {
          result.statuses.set(response.statusCode ?? 0, (result.statuses.get(response.statusCode ?? 0) ?? 0) + 1);
          resolve();
        });
        response.on('error', () => resolve());
      });
      req.on('error', () => {
        if (!signal.aborted) result.errors += 1;
        resolve();
      });
      req.end(spec.body);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (!signal.aborted) await once();
    }),
  );
  agent.destroy();
  return result;
}

/** "200×1234, 404×5" */
export const formatStatuses = (statuses: Map<number, number>): string =>
  [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(', ') || 'no answer';
