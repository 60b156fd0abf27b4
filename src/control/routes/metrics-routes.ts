import type { FastifyInstance } from 'fastify';
import type { MetricsPort } from '../../observe/index.js';
import { sendProblem } from '../problem.js';

const percentiles = {
  type: 'object',
  description: 'Milliseconds (HDR histogram, 1% precision)',
  required: ['count', 'minMs', 'avgMs', 'p50Ms', 'p95Ms', 'p99Ms', 'maxMs'],
  properties: {
    count: { type: 'integer' },
    minMs: { type: 'number' },
    avgMs: { type: 'number' },
    p50Ms: { type: 'number' },
    p95Ms: { type: 'number' },
    p99Ms: { type: 'number' },
    maxMs: { type: 'number' },
  },
} as const;

const statsProperties = {
  requests: { type: 'integer' },
  rps: { type: 'number' },
  errors: { type: 'integer', description: 'answers with status ≥ 500 or none, and abandoned requests' },
  errorRate: { type: 'number', description: 'errors / requests, 0-1' },
  statuses: { type: 'object', additionalProperties: { type: 'integer' }, description: 'status code → count' },
  observed: { ...percentiles, description: 'arrival to last byte, as clients got it (abandoned requests excluded)' },
  intended: { ...percentiles, description: 'the delay the engine sampled from the configured latency' },
} as const;

const windowSummary = {
  type: 'object',
  required: ['spanSeconds', 'slideSeconds', 'overall', 'endpoints'],
  properties: {
    spanSeconds: { type: 'number', description: 'the time the numbers cover' },
    slideSeconds: { type: 'number', description: 'the window moves by this much (10 s for 1m, 60 s for 5m)' },
    overall: { type: 'object', required: ['requests', 'rps', 'errors', 'errorRate', 'statuses'], properties: statsProperties },
    endpoints: {
      type: 'array',
      description: 'endpoints with requests in the window, busiest first; `(unmatched)` for requests no endpoint matched',
      items: { type: 'object', required: ['endpoint', 'requests', 'rps', 'errors', 'errorRate', 'statuses'], properties: { endpoint: { type: 'string' }, ...statsProperties } },
    },
  },
} as const;

const snapshotSchema = {
  type: 'object',
  required: ['generatedAt', 'windows', 'warnings'],
  properties: {
    generatedAt: { type: 'string', format: 'date-time' },
    windows: { type: 'object', required: ['1m', '5m'], properties: { '1m': windowSummary, '5m': windowSummary } },
    process: {
      type: 'object',
      description: 'the latest CPU sample (percent of one core) and event-loop utilization (0-1); absent with cpuWarnings: false',
      properties: { cpuPercent: { type: 'number' }, elu: { type: 'number' } },
    },
    warnings: {
      type: 'array',
      description: 'CPU warnings in force (latency fidelity at risk), for a banner',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: ['CPU_SATURATED'] },
          thresholdPercent: { type: 'number' },
          since: { type: 'string', format: 'date-time' },
          cpuPercent: { type: 'number' },
          elu: { type: 'number' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

const DISABLED = 'metrics are off (observability.metrics: false)';

/**
 * `GET /metrics` (Prometheus text format) and `GET /api/metrics` (the JSON summary the web UI shows).
 * Both sit behind the admin API's keys like every other route; a `read` key suffices.
 */
export function registerMetricsRoutes(app: FastifyInstance, metrics: MetricsPort | undefined): void {
  const tags = ['metrics'];
  app.get('/metrics', { schema: { summary: 'Prometheus metrics (text exposition format)', tags, produces: ['text/plain'] } }, async (_request, reply) => {
    if (!metrics) return sendProblem(reply, 'METRICS_DISABLED', DISABLED);
    const { contentType, body } = await metrics.prometheus();
    return reply.type(contentType).send(body);
  });
  app.get(
    '/api/metrics',
    {
      schema: {
        summary: 'Per endpoint and overall: rps, error rate, intended vs observed latency percentiles and status codes over the last 1 and 5 minutes; CPU warnings in force',
        tags,
        response: { 200: snapshotSchema },
      },
    },
    async (_request, reply) => {
      if (!metrics) return sendProblem(reply, 'METRICS_DISABLED', DISABLED);
      return metrics.snapshot();
    },
  );
}
