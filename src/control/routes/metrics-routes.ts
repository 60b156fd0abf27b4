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
  app.get<{ Querystring: { scope?: 'instance' | 'cluster' } }>(
    '/api/metrics',
    {
      schema: {
        summary:
          'Per endpoint and overall: rps, error rate, intended vs observed latency percentiles and status codes over the last 1 and 5 minutes; CPU warnings in force',
        tags,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            scope: {
              type: 'string',
              enum: ['instance', 'cluster'],
              default: 'instance',
              description: 'cluster (state.store: redis): every instance merged, exact percentiles from their HDR histograms; numbers up to 2 s old',
            },
          },
        },
        response: { 200: MetricsSnapshotSchema },
      },
    },
    async (request, reply): Promise<MetricsSnapshot | FastifyReply> => {
      if (!metrics) return sendProblem(reply, 'METRICS_DISABLED', DISABLED);
      if (request.query.scope !== 'cluster') return metrics.snapshot();
      if (!metrics.cluster) return sendProblem(reply, 'ADMIN_REQUEST_INVALID', 'scope=cluster needs instances sharing a Redis (state.store: redis)');
      return metrics.cluster();
    },
  );
}
