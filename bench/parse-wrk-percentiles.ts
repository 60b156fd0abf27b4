import type { Result } from '../src/config/index.js';

/** What bench/fidelity.lua prints after a wrk run. Latencies in milliseconds. */
export interface WrkPercentiles {
  requests: number;
  durationSeconds: number;
  /** Responses with status > 399 (wrk's summary.errors.status), e.g. the 429s of a rate limit. */
  statusErrors: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  minMs: number;
  maxMs: number;
  /** The observed distribution: percent (0.1 … 99.99) → latency in ms, ascending by percent. */
  quantiles: { percent: number; ms: number }[];
}

const field = (line: string, name: string): number | undefined => {
  const match = new RegExp(`\\b${name}=(\\d+)`).exec(line);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

/** Parses the "FIDELITY …" lines of bench/fidelity.lua out of wrk's stdout. */
export function parseWrkPercentiles(stdout: string): Result<WrkPercentiles, string> {
  const summary = stdout.split('\n').find((line) => line.startsWith('FIDELITY summary '));
  if (!summary)
    return { ok: false, error: `no "FIDELITY summary" line in wrk output (was it run with -s bench/fidelity.lua?):\n${stdout.trim().slice(0, 2_000)}` };
  const names = ['requests', 'duration_us', 'status', 'connect', 'read', 'write', 'timeout', 'min_us', 'max_us'] as const;
  const values = Object.fromEntries(names.map((name) => [name, field(summary, name)])) as Record<(typeof names)[number], number | undefined>;
  const missing = names.filter((name) => values[name] === undefined);
  if (missing.length > 0) return { ok: false, error: `FIDELITY summary line lacks ${missing.join(', ')}: ${summary}` };
  const quantiles: { percent: number; ms: number }[] = [];
  for (const match of stdout.matchAll(/^FIDELITY q (\d+(?:\.\d+)?) (\d+)$/gm)) {
    quantiles.push({ percent: Number(match[1]), ms: Number(match[2]) / 1_000 });
  }
  if (quantiles.length === 0) return { ok: false, error: 'no "FIDELITY q" lines in wrk output' };
  quantiles.sort((a, b) => a.percent - b.percent);
  return {
    ok: true,
    value: {
      requests: values.requests ?? 0,
      durationSeconds: (values.duration_us ?? 0) / 1e6,
      statusErrors: values.status ?? 0,
      socketErrors: { connect: values.connect ?? 0, read: values.read ?? 0, write: values.write ?? 0, timeout: values.timeout ?? 0 },
      minMs: (values.min_us ?? 0) / 1_000,
      maxMs: (values.max_us ?? 0) / 1_000,
      quantiles,
    },
  };
}

/** The observed latency at `percent` (e.g. 99.9), read off the grid; undefined when not on it. */
export function observedAt(percentiles: WrkPercentiles, percent: number): number | undefined {
  return percentiles.quantiles.find((point) => Math.abs(point.percent - percent) < 1e-9)?.ms;
}
