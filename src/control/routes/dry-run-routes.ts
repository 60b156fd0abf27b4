import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  LatencyPreviewSchema,
  MatchReportSchema,
  PreviewResponseSchema,
  type LatencyPreview,
  type MatchReport,
  type PreviewResponse,
} from '../../contract/index.js';
import type { PreviewInput, SampleRequest } from '../dry-run-port.js';
import type { AdminContext } from '../admin-context.js';
import { sendIssues, sendProblem } from '../problem.js';

const valuesSchema = {
  type: 'object',
  additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
} as const;

const sampleProperties = {
  method: { type: 'string', minLength: 1 },
  path: { type: 'string', pattern: '^/', description: 'may carry a query string' },
  headers: valuesSchema,
  body: { description: 'JSON, or the text of the body as a string' },
} as const;

/** `POST /api/match` and `POST /api/preview`: dry runs that write no state and take no rate-limit token. */
export function registerDryRunRoutes(app: FastifyInstance, context: AdminContext): void {
  const { dryRun } = context;

  app.post<{ Body: SampleRequest }>(
    '/api/match',
    {
      schema: {
        summary:
          'Which endpoint would answer this request now, its path parameters and behaviors, or the near misses. ' +
          "Endpoints that match on state see the stored state of the sample's session (its session header or cookie, else the caller's address); nothing is written",
        tags: ['dry-run'],
        body: { type: 'object', required: ['method', 'path'], additionalProperties: false, properties: sampleProperties },
        response: { 200: MatchReportSchema },
      },
    },
    async (request): Promise<MatchReport> => dryRun.match(request.body, request.ip),
  );

  app.post<{ Body: PreviewInput }>(
    '/api/preview',
    {
      schema: {
        summary:
          "Render a saved endpoint's (endpoint) or an unsaved definition's (definition) response for a sample request, " +
          'with the behaviors that would apply; nothing is recorded and state is not touched',
        tags: ['dry-run'],
        body: {
          type: 'object',
          required: ['request'],
          additionalProperties: false,
          properties: {
            endpoint: { type: 'string', minLength: 1 },
            definition: { type: 'object', description: 'an endpoint as in the config (validated like one)' },
            request: {
              type: 'object',
              required: ['method', 'path'],
              additionalProperties: false,
              properties: { ...sampleProperties, query: valuesSchema },
            },
          },
        },
        response: { 200: PreviewResponseSchema },
      },
    },
    async (request, reply): Promise<PreviewResponse | FastifyReply> => {
      const { endpoint, definition } = request.body;
      if ((endpoint === undefined) === (definition === undefined)) {
        return sendProblem(reply, 'ADMIN_REQUEST_INVALID', 'give either endpoint (a saved endpoint id) or definition (an unsaved endpoint), not both');
      }
      const outcome = await dryRun.preview(request.body);
      return outcome.ok ? outcome.value : sendIssues(reply, outcome.error);
    },
  );

  app.post<{ Body: { latency: unknown } }>(
    '/api/latency/preview',
    {
      schema: {
        summary: 'What a latency block would do: its percentiles and the probability of 40 bins (the console plots it as you type)',
        tags: ['dry-run'],
        body: {
          type: 'object',
          required: ['latency'],
          additionalProperties: false,
          properties: { latency: { description: 'a latency block as in the config' } },
        },
        response: { 200: LatencyPreviewSchema },
      },
    },
    async (request, reply): Promise<LatencyPreview | FastifyReply> => {
      const outcome = dryRun.previewLatency(request.body.latency);
      return outcome.ok ? outcome.value : sendIssues(reply, outcome.error);
    },
  );
}
