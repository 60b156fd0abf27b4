import type { FastifyInstance, FastifyReply } from 'fastify';
import { UpstreamStatusSchema, type UpstreamStatus } from '../../contract/index.js';
import type { AdminContext } from '../admin-context.js';
import { sendProblem } from '../problem.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 256 } } } as const;

/**
 * `POST /api/upstreams/{id}/breaker/reset`: closes the circuit breaker of every target of the
 * upstream, in every scope (the upstream's, and those of endpoints that override it), with trips
 * and counts started over; a breaker that was not closed tells `upstream.breaker`. Guarded like
 * every admin write (Host, Origin, media type, API key).
 */
export function registerBreakerResetRoute(app: FastifyInstance, context: AdminContext): void {
  const upstreams = context.upstreams;
  app.post<{ Params: { id: string } }>(
    '/api/upstreams/:id/breaker/reset',
    {
      schema: {
        summary: "Close the circuit breakers of an upstream's targets now (trips and error counts start over)",
        tags: ['upstreams'],
        params: idParams,
        response: { 200: UpstreamStatusSchema },
      },
    },
    async (request, reply): Promise<UpstreamStatus | FastifyReply> => {
      const { id } = request.params;
      const outcome = upstreams?.resetBreakers?.(id) ?? 'no-upstream';
      return outcome === 'no-upstream' ? sendProblem(reply, 'UPSTREAM_NOT_FOUND', `no upstream "${id}"`) : outcome;
    },
  );
}
