import type { FastifyInstance, FastifyReply } from 'fastify';
import { MetricsSnapshotSchema, type MetricsSnapshot } from '../../contract/index.js';
import type { MetricsPort } from '../../observe/index.js';
import { sendProblem } from '../problem.js';

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
        summary:
          'Per endpoint and overall: rps, error rate, intended vs observed latency percentiles and status codes over the last 1 and 5 minutes; CPU warnings in force',
        tags,
        response: { 200: MetricsSnapshotSchema },
      },
    },
    async (_request, reply): Promise<MetricsSnapshot | FastifyReply> => {
      if (!metrics) return sendProblem(reply, 'METRICS_DISABLED', DISABLED);
      return metrics.snapshot();
    },
  );
}
