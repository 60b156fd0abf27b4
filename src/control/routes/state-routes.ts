import type { FastifyInstance, FastifyReply } from 'fastify';
import { StateListSchema, WorkflowStateListSchema, type StateList, type WorkflowStateList } from '../../contract/index.js';
import type { AdminContext } from '../admin-context.js';
import { sendProblem } from '../problem.js';
import { DURATION_PATTERN, parseDurationMs } from '../../config/index.js';
import { currentState, statesOf } from '../../plan/index.js';

const scopeKeyParams = {
  type: 'object',
  required: ['scope', 'key'],
  properties: {
    scope: { type: 'string', minLength: 1, description: 'global, session:<id>, client:<address> or endpoint:<id>' },
    key: { type: 'string', minLength: 1 },
  },
} as const;

const kinds = ['var', 'seq', 'crud', 'wf'] as const;
type Kind = (typeof kinds)[number];

export function registerStateRoutes(app: FastifyInstance, context: AdminContext): void {
  const { state: store, config } = context;
  const tags = ['state'];

  app.get<{ Querystring: { scope?: string; kind?: Kind; limit?: number } }>(
    '/api/state',
    {
      schema: {
        summary: 'State entries (variables, sequence counters, CRUD items, workflow states)',
        tags,
        querystring: {
          type: 'object',
          properties: {
            scope: { type: 'string', minLength: 1, description: 'one scope, or a whole kind of scope (session, client, endpoint)' },
            kind: { type: 'string', enum: [...kinds] },
            limit: { type: 'integer', minimum: 1 },
          },
        },
        response: { 200: StateListSchema },
      },
    },
    async (request): Promise<StateList> => {
      const { scope, kind, limit } = request.query;
      const options = { ...(kind ? { kind } : {}), ...(limit !== undefined ? { limit } : {}) };
      return { items: await store.list(scope, options) };
    },
  );

  app.get<{ Params: { scope: string; key: string } }>(
    '/api/state/:scope/:key',
    { schema: { summary: 'One state variable', tags, params: scopeKeyParams } },
    async (request, reply) => {
      const { scope, key } = request.params;
      const value = await store.get(scope, key);
      if (value === undefined) return sendProblem(reply, 'STATE_KEY_NOT_FOUND', `no variable "${key}" in scope ${scope}`);
      return { scope, key, value };
    },
  );

  app.put<{ Params: { scope: string; key: string }; Body: { value: unknown; ttl?: string | number } }>(
    '/api/state/:scope/:key',
    {
      schema: {
        summary: 'Set a state variable',
        tags,
        params: scopeKeyParams,
        body: {
          type: 'object',
          required: ['value'],
          properties: {
            value: { description: 'any JSON value' },
            ttl: {
              description: 'The variable expires this long from now: "30m", "10s", or milliseconds. Absent: it stays until deleted',
              anyOf: [
                { type: 'number', exclusiveMinimum: 0 },
                { type: 'string', pattern: DURATION_PATTERN },
              ],
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { scope, key } = request.params;
      const { value, ttl } = request.body;
      const ttlMs = ttl === undefined ? undefined : parseDurationMs(ttl);
      if (ttlMs === 0) return sendProblem(reply, 'ADMIN_REQUEST_INVALID', 'body.ttl must be longer than 0');
      await store.set(scope, key, value, ttlMs === undefined ? {} : { ttlMs });
      return ttl === undefined ? { scope, key, value } : { scope, key, value, ttl };
    },
  );

  app.delete<{ Params: { scope: string; key: string } }>(
    '/api/state/:scope/:key',
    { schema: { summary: 'Remove a state variable', tags, params: scopeKeyParams } },
    async (request, reply) => {
      const { scope, key } = request.params;
      if (!(await store.delete(scope, key))) return sendProblem(reply, 'STATE_KEY_NOT_FOUND', `no variable "${key}" in scope ${scope}`);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { scope: string } }>(
    '/api/state/:scope/reset',
    {
      schema: {
        summary: 'Remove every entry of a scope (or of every scope of a kind: session, client, endpoint)',
        tags,
        params: { type: 'object', required: ['scope'], properties: { scope: { type: 'string', minLength: 1 } } },
      },
    },
    async (request) => ({ removed: await store.reset(request.params.scope) }),
  );

  const workflowParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } } as const;
  const scopeQuery = { type: 'object', properties: { scope: { type: 'string', minLength: 1 } } } as const;
  const workflowOf = (id: string) => (config.current().workflows ?? []).find((workflow) => workflow.id === id);

  app.get<{ Params: { id: string }; Querystring: { scope?: string } }>(
    '/api/workflows/:id/state',
    {
      schema: {
        summary: "A workflow's current state in each scope that has left the initial one",
        description:
          '`state` is the state requests see. A scope whose stored state the workflow no longer has (a reload removed it) counts as the initial state; `stored` then shows what is stored.',
        tags: ['workflows', 'state'],
        params: workflowParams,
        querystring: scopeQuery,
        response: { 200: WorkflowStateListSchema },
      },
    },
    async (request, reply): Promise<WorkflowStateList | FastifyReply> => {
      const { id } = request.params;
      const workflow = workflowOf(id);
      if (workflow === undefined) return sendProblem(reply, 'WORKFLOW_NOT_FOUND', `no workflow "${id}"`);
      const entries = await store.list(request.query.scope, { kind: 'wf' });
      const initial = workflow.states?.initial;
      const states = workflow.states ? statesOf(workflow.states) : [];
      return {
        items: entries
          .filter((entry) => entry.name === id)
          .map(({ scope, value }) => {
            const state = initial === undefined ? String(value) : currentState(value, initial, states);
            return state === value ? { scope, state } : { scope, state, stored: value };
          }),
      };
    },
  );

  app.put<{ Params: { id: string }; Body: { scope: string; state: string } }>(
    '/api/workflows/:id/state',
    {
      schema: {
        summary: 'Put a workflow into one of its states, in one scope',
        tags: ['workflows', 'state'],
        params: workflowParams,
        body: {
          type: 'object',
          required: ['scope', 'state'],
          additionalProperties: false,
          properties: {
            scope: { type: 'string', minLength: 1, description: 'global, session:<id>, client:<address> or endpoint:<id>' },
            state: { type: 'string', minLength: 1 },
          },
        },
      },
    },
    async (request) => {
      const { scope, state } = request.body;
      await store.setWorkflow(request.params.id, scope, state);
      return { scope, state };
    },
  );

  app.delete<{ Params: { id: string }; Querystring: { scope?: string } }>(
    '/api/workflows/:id/state',
    {
      schema: {
        summary: 'Send a workflow back to its initial state (in one scope, or everywhere)',
        tags: ['workflows', 'state'],
        params: workflowParams,
        querystring: scopeQuery,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (workflowOf(id) === undefined) return sendProblem(reply, 'WORKFLOW_NOT_FOUND', `no workflow "${id}"`);
      return { removed: await store.resetWorkflow(id, request.query.scope) };
    },
  );
}
