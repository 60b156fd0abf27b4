import { err, ok, parseDurationMs, type Config, type ConfigIssue, type Duration, type Result } from '../config/index.js';

/** One objective of an SLO: availability, or the share of requests under a latency threshold. */
export interface SloObjectiveSpec {
  /** `availability`, or `latency-p99` for `latency: { p99: … }`. */
  readonly name: string;
  /** The share of requests that must be good, 0.5-1 (1 excluded). */
  readonly target: number;
  /** Latency objectives: a request taking longer is bad. */
  readonly thresholdMs?: number;
}

/** The `slo:` of an endpoint or an upstream, compiled; observe/slo keeps its counts. */
export interface SloSpec {
  readonly kind: 'endpoint' | 'upstream';
  readonly id: string;
  readonly windowMs: number;
  readonly objectives: readonly SloObjectiveSpec[];
}

type SloConfig = NonNullable<NonNullable<Config['upstreams']>[number]['slo']>;

const HOUR_MS = 3_600_000;

/** `"99.9%"` or `99.9` as a share (0.999); the schema has checked the range. */
const shareOf = (percent: number | string): number => (typeof percent === 'number' ? percent : Number(percent.trim().slice(0, -1).trim())) / 100;

/** `"30d"` or `"720h"` in milliseconds (whole hours: the window is kept in hourly buckets). */
const windowMsOf = (window: string): number => {
  const text = window.trim();
  return Number(text.slice(0, -1).trim()) * (text.endsWith('d') ? 24 : 1) * HOUR_MS;
};

function compileSlo(kind: SloSpec['kind'], id: string, slo: SloConfig, at: string): Result<SloSpec, ConfigIssue> {
  const objectives: SloObjectiveSpec[] = [];
  if (slo.availability !== undefined) objectives.push({ name: 'availability', target: shareOf(slo.availability) });
  const latency = Object.entries(slo.latency ?? {}).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  for (const [percentile, threshold] of latency) {
    objectives.push({ name: `latency-${percentile}`, target: Number(percentile.slice(1)) / 100, thresholdMs: parseDurationMs(threshold as Duration) });
  }
  if (objectives.length === 0) return err({ path: at, message: 'an slo needs an objective: availability (like "99.9%") or latency (like { p99: 300ms })' });
  return ok({ kind, id, windowMs: windowMsOf(slo.window ?? '30d'), objectives });
}

/** The SLOs of `endpoints[].slo` and `upstreams[].slo`, or every problem found. */
export function compileSlos(config: Config): Result<SloSpec[], ConfigIssue[]> {
  const slos: SloSpec[] = [];
  const issues: ConfigIssue[] = [];
  const add = (result: Result<SloSpec, ConfigIssue>) => (result.ok ? slos.push(result.value) : issues.push(result.error));
  (config.endpoints ?? []).forEach((endpoint, index) => {
    if (endpoint.slo !== undefined) add(compileSlo('endpoint', endpoint.id, endpoint.slo, `endpoints[${index}].slo`));
  });
  (config.upstreams ?? []).forEach((upstream, index) => {
    if (upstream.slo !== undefined) add(compileSlo('upstream', upstream.id, upstream.slo, `upstreams[${index}].slo`));
  });
  return issues.length > 0 ? err(issues) : ok(slos);
}
