/** One load-generator run, whichever tool produced it. Latencies in milliseconds. */
export interface LoadResult {
  tool: 'wrk' | 'autocannon';
  requests: number;
  durationSeconds: number;
  rps: number;
  latencyMs: { avg: number; p50: number; p90: number; p99: number; max: number };
  /** Responses with a status >= 400 (wrk's "Non-2xx or 3xx responses"). */
  non2xx: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
}

export function errorCount(result: LoadResult): number {
  const { connect, read, write, timeout } = result.socketErrors;
  return result.non2xx + connect + read + write + timeout;
}
