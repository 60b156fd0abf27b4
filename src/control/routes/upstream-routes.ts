import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  EndpointTestRequestSchema,
  EndpointTestResultSchema,
  UpstreamListSchema,
  UpstreamStatusSchema,
  type EndpointTestRequest,
  type EndpointTestResult,
  type UpstreamList,
  type UpstreamStatus,
} from '../../contract/index.js';
import type { AdminContext } from '../admin-context.js';
import { sendProblem } from '../problem.js';

const tags = ['upstreams'];
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 256 } } } as const;
const targetParams = {
  type: 'object',
  required: ['id', 'index'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 256 }, index: { type: 'integer', minimum: 0, maximum: 255 } },
} as const;

/**
 * `GET /api/upstreams[/{id}]`: targets, health, ejections, in flight and counters of the running
 * upstreams; `POST /api/upstreams/{id}/targets/{index}/drain` and `/enable`: a drained target
 * takes no new request and finishes those in flight (runtime state: a config change keeps it for
 * a kept target, a restart forgets it); `POST /api/endpoints/{id}/test`: one request sent through
 * an endpoint, mock or proxy, and what came back, left out of the metrics.
 */
export function registerUpstreamRoutes(app: FastifyInstance, context: AdminContext): void {
  const { upstreams, endpointTest } = context;
  const list = (): readonly UpstreamStatus[] => upstreams?.list() ?? [];

  app.get(
    '/api/upstreams',
    {
      schema: {
        summary: 'Every upstream: targets, weights, health, ejections, requests in flight and waiting, counters by outcome',
        tags,
        response: { 200: UpstreamListSchema },
      },
    },
    async (): Promise<UpstreamList> => ({ items: list() }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/upstreams/:id',
    { schema: { summary: 'One upstream: targets, health, ejections and counters', tags, params: idParams, response: { 200: UpstreamStatusSchema } } },
    async (request, reply): Promise<UpstreamStatus | FastifyReply> => {
      const found = list().find((upstream) => upstream.id === request.params.id);
      return found ?? sendProblem(reply, 'UPSTREAM_NOT_FOUND', `no upstream "${request.params.id}"`);
    },
  );

  for (const action of ['drain', 'enable'] as const) {
    app.post<{ Params: { id: string; index: number } }>(
      `/api/upstreams/:id/targets/:index/${action}`,
      {
        schema: {
          summary:
            action === 'drain'
              ? 'Take a target out of rotation: it takes no new request and finishes those in flight (kept across config changes that keep the target; not across restarts)'
              : 'Put a drained target back into rotation',
          tags,
          params: targetParams,
          response: { 200: UpstreamStatusSchema },
        },
      },
      async (request, reply): Promise<UpstreamStatus | FastifyReply> => {
        const { id, index } = request.params;
        const outcome = upstreams?.setDrained(id, index, action === 'drain') ?? 'no-upstream';
        if (outcome === 'no-upstream') return sendProblem(reply, 'UPSTREAM_NOT_FOUND', `no upstream "${id}"`);
        if (outcome === 'no-target') return sendProblem(reply, 'UPSTREAM_TARGET_NOT_FOUND', `upstream "${id}" has no target ${index}`);
        return outcome;
      },
    );
  }

  if (endpointTest === undefined) return;
  app.post<{ Params: { id: string }; Body: EndpointTestRequest | undefined }>(
    '/api/endpoints/:id/test',
    {
      schema: {
        summary:
          'Send one request through an endpoint (mock or proxy, with its behaviors) and answer what came back: status, headers, the first 64 KiB of the body. ' +
          'It is journaled but left out of the metrics; it waits 30 s at most',
        tags: ['endpoints'],
        params: idParams,
        body: EndpointTestRequestSchema,
        response: { 200: EndpointTestResultSchema },
      },
    },
    async (request): Promise<EndpointTestResult> => endpointTest.test(request.params.id, request.body ?? {}),
  );
}
