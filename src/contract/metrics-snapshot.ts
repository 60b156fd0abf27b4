import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';
import { SloStatusSchema } from './slo-status.js';

/** Latency over a window, in milliseconds (HDR histogram, 1% precision). */
export const LatencyPercentilesSchema = Type.Object(
  {
    count: Type.Integer(),
    minMs: Type.Number(),
    avgMs: Type.Number(),
    p50Ms: Type.Number(),
    p95Ms: Type.Number(),
    p99Ms: Type.Number(),
    maxMs: Type.Number(),
  },
  { description: 'Milliseconds (HDR histogram, 1% precision)' },
);
export type LatencyPercentiles = Static<typeof LatencyPercentilesSchema>;

const statsProperties = {
  requests: Type.Integer(),
  rps: Type.Number(),
  errors: Type.Integer({ description: 'answers with status ≥ 500 or none, and abandoned requests' }),
  errorRate: Type.Number({ description: 'errors / requests, 0-1' }),
  rateLimited: Type.Integer({ description: 'requests a rate limit refused (429): failures to the client, though not errors of the mock' }),
  outcomes: Type.Object(
    { answered: Type.Integer(), rateLimited: Type.Integer(), faulted: Type.Integer(), unmatched: Type.Integer() },
    { description: "requests by how they ended: the endpoint's own answer, refused by a rate limit, an injected fault, no endpoint matched" },
  ),
  statuses: Type.Record(Type.String(), Type.Integer(), { description: 'status code → count' }),
  observed: Type.Optional(
    Type.Object(LatencyPercentilesSchema.properties, {
      description: 'arrival to last byte, as clients got it (abandoned requests excluded); absent while no request of the window completed',
    }),
  ),
  answered: Type.Optional(
    Type.Object(LatencyPercentilesSchema.properties, {
      description:
        'observed latency of answered requests only (no 429s, faults or unmatched 404s, which take microseconds and would pull the percentiles down)',
    }),
  ),
  intended: Type.Optional(
    Type.Object(LatencyPercentilesSchema.properties, {
      description: 'the delay the engine sampled from the configured latency; absent when none was sampled (unmatched requests)',
    }),
  ),
};

/** A window's numbers for one endpoint, or for all of them. */
export const WindowStatsSchema = Type.Object(statsProperties);
export type WindowStats = Static<typeof WindowStatsSchema>;

export const EndpointWindowStatsSchema = Type.Object({
  endpoint: Type.String({ description: 'the endpoint id, `(unmatched)` or `(other)`' }),
  ...statsProperties,
});
export type EndpointWindowStats = Static<typeof EndpointWindowStatsSchema>;

export const WindowSummarySchema = Type.Object({
  spanSeconds: Type.Number({ description: 'the time the numbers cover' }),
  slideSeconds: Type.Number({ description: 'the window moves by this much (10 s for 1m, 60 s for 5m)' }),
  overall: WindowStatsSchema,
  endpoints: listOf(EndpointWindowStatsSchema, {
    description: 'endpoints with requests in the window, busiest first; `(unmatched)` for requests no endpoint matched',
  }),
});
export type WindowSummary = Static<typeof WindowSummarySchema>;

/** The rate right now: the last few whole seconds, beside the windows' averages. */
export const CurrentRateSchema = Type.Object({
  seconds: Type.Integer({ description: 'the whole seconds counted (5), ending with the last complete one' }),
  rps: Type.Number(),
  errors: Type.Integer({ description: 'status ≥ 500 or none, and abandoned' }),
  rateLimited: Type.Integer(),
  endpoints: listOf(Type.Object({ endpoint: Type.String(), rps: Type.Number() }), { description: 'endpoints with requests in those seconds, busiest first' }),
});
export type CurrentRate = Static<typeof CurrentRateSchema>;

/** The windows `GET /api/metrics` reports. */
export const metricsWindowNames = ['1m', '5m'] as const;
export type WindowName = (typeof metricsWindowNames)[number];

/** A CPU warning in force (latency fidelity at risk), for the console's banner. */
export const ActiveCpuWarningSchema = Type.Object({
  code: Type.Literal('CPU_SATURATED'),
  thresholdPercent: Type.Number(),
  since: Type.String({ format: 'date-time', description: 'when it was raised' }),
  cpuPercent: Type.Number({ description: 'percent of one core at the latest sample' }),
  elu: Type.Number({ description: 'event-loop utilization at the latest sample, 0-1' }),
  message: Type.String(),
});
export type ActiveCpuWarning = Static<typeof ActiveCpuWarningSchema>;

/** `GET /api/metrics`: what the console's metrics page shows. */
export const MetricsSnapshotSchema = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  windows: Type.Object({ '1m': WindowSummarySchema, '5m': WindowSummarySchema }),
  current: CurrentRateSchema,
  process: Type.Optional(
    Type.Object(
      { cpuPercent: Type.Number(), elu: Type.Number() },
      { description: 'the latest CPU sample (percent of one core) and event-loop utilization (0-1); absent with cpuWarnings: false' },
    ),
  ),
  warnings: listOf(ActiveCpuWarningSchema, { description: 'CPU warnings in force (latency fidelity at risk), for a banner' }),
  slos: Type.Optional(
    listOf(SloStatusSchema, { description: 'one row per objective of each `slo:` of an endpoint or upstream (docs/slo.md); absent when none is configured' }),
  ),
  instances: Type.Optional(
    listOf(Type.Object({ id: Type.String(), generatedAt: Type.String({ format: 'date-time' }) }), {
      description:
        'scope=cluster: the instances merged (counters summed, HDR histograms merged bucket by bucket, so percentiles are exact) and when each took its numbers',
    }),
  ),
});
export type MetricsSnapshot = Static<typeof MetricsSnapshotSchema>;
