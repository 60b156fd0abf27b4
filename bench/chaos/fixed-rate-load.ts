import { Agent, request } from 'node:http';

/** One client request's fate. */
export interface Sample {
  /** When it was sent, ms from the start of the load. */
  readonly atMs: number;
  readonly latencyMs: number;
  /** 0 when no HTTP answer came (connection error or the client's timeout): lost. */
  readonly status: number;
  /** The head came but the body was cut (the connection reset): the error HTTP itself marks, not a lost request. */
  readonly cut: boolean;
  /** `x-mimicus-fallback`, when the fallback answered. */
  readonly fallback: string | undefined;
  /** `x-mimicus-error`, when Mimicus answered a coded error. */
  readonly error: string | undefined;
}

/**
 * Sends GETs at a fixed rate (open loop: a slow answer does not slow the sender) for `durationMs`
 * and resolves with every request's sample once all are answered or timed out (`timeoutMs`).
 */
export async function fixedRateLoad(url: string, rate: number, durationMs: number, timeoutMs: number): Promise<Sample[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const samples: Promise<Sample>[] = [];
  const started = performance.now();
  const total = Math.round((rate * durationMs) / 1000);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    samples.push(one(url, agent, performance.now() - started, timeoutMs));
  }
  const all = await Promise.all(samples);
  agent.destroy();
  return all;
}

function one(url: string, agent: Agent, atMs: number, timeoutMs: number): Promise<Sample> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: number, headers: Record<string, string | string[] | undefined> = {}, cut = false) => {
      if (done) return;
      done = true;
      const text = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
      resolve({ atMs, latencyMs: performance.now() - sentAt, status, cut, fallback: text('x-mimicus-fallback'), error: text('x-mimicus-error') });
    };
    const req = request(url, { agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => finish(res.statusCode ?? 0, res.headers));
      // A body cut mid-way (a reset after the head): no complete answer, but a marked one (the broken connection).
      res.on('error', () => finish(res.statusCode ?? 0, res.headers, true));
      res.on('aborted', () => finish(res.statusCode ?? 0, res.headers, true));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', () => finish(0));
    req.end();
  });
}
