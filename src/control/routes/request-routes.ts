import type { FastifyInstance, FastifyReply } from 'fastify';
import { JournalEntrySchema, JournalListSchema, type JournalEntry, type JournalList } from '../../contract/index.js';
import { AppError } from '../../errors/index.js';
import { isCountingJournal, type JournalFilter } from '../../observe/index.js';
import type { AdminContext } from '../admin-context.js';
import { sendProblem } from '../problem.js';

const instant = { anyOf: [{ type: 'string' }, { type: 'integer' }] } as const;

const filterProperties = {
  endpoint: { type: 'string', minLength: 1, description: 'the id of the endpoint that answered' },
  method: { type: 'string', minLength: 1, description: 'case-insensitive' },
  status: { type: 'integer', minimum: 0, maximum: 999 },
  pathPrefix: { type: 'string', minLength: 1 },
  session: { type: 'string', minLength: 1 },
  matched: { type: 'boolean', description: 'false for the requests no endpoint matched' },
  since: { ...instant, description: 'arrived at or after (ISO 8601 or epoch ms)' },
  until: { ...instant, description: 'arrived before (ISO 8601 or epoch ms)' },
} as const;

interface FilterInput {
  endpoint?: string;
  method?: string;
  status?: number;
  pathPrefix?: string;
  session?: string;
  matched?: boolean;
  since?: string | number;
  until?: string | number;
}

function epochMsOf(name: string, value: string | number): number {
  if (typeof value === 'number') return value;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new AppError('ADMIN_REQUEST_INVALID', `${name} "${value}" is neither an ISO 8601 time nor epoch milliseconds`);
  return ms;
}

function filterOf(input: FilterInput): JournalFilter {
  const { since, until, ...rest } = input;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as JournalFilter;
  return {
    ...defined,
    ...(since !== undefined ? { since: epochMsOf('since', since) } : {}),
    ...(until !== undefined ? { until: epochMsOf('until', until) } : {}),
  };
}

/** The journal raises RangeError for a cursor it did not hand out. */
function cursorError(error: unknown): never {
  if (error instanceof RangeError) throw new AppError('JOURNAL_CURSOR_INVALID', error.message, { cause: error });
  throw error;
}

const scopeProperties = {
  scope: {
    type: 'string',
    enum: ['instance', 'cluster'],
    default: 'instance',
    description: "cluster (state.store: redis): every instance's journal, asked over Redis and merged newest first; each entry names its instance",
  },
  instance: { type: 'string', minLength: 1, maxLength: 200, description: "one instance's journal (an id from /api/status cluster.instances)" },
} as const;

interface ScopeInput {
  scope?: 'instance' | 'cluster';
  instance?: string;
}

/** The cluster's journals when the request asks for them (scope=cluster or instance=…), undefined for this instance's own. */
function clusterScope(context: AdminContext, input: ScopeInput): { port: NonNullable<AdminContext['clusterJournal']>; instance?: string } | undefined {
  if (input.scope !== 'cluster' && input.instance === undefined) return undefined;
  if (!context.clusterJournal) throw new AppError('ADMIN_REQUEST_INVALID', 'scope=cluster and instance= need instances sharing a Redis (state.store: redis)');
  return { port: context.clusterJournal, ...(input.instance !== undefined ? { instance: input.instance } : {}) };
}

/** `/api/requests`: the request journal, listed with filters and cursor paging, read, counted, cleared. */
export function registerRequestRoutes(app: FastifyInstance, context: AdminContext): void {
  const { journal } = context;
  const tags = ['requests'];

  app.get<{ Querystring: FilterInput & ScopeInput & { cursor?: string; limit?: number } }>(
    '/api/requests',
    {
      schema: {
        summary: 'Journal entries, newest first, filtered and paged (pass nextCursor back as cursor)',
        tags,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...filterProperties,
            ...scopeProperties,
            cursor: { type: 'string', description: "a previous page's nextCursor" },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
        response: { 200: JournalListSchema },
      },
    },
    async (request): Promise<JournalList> => {
      const { cursor, limit, scope, instance, ...filter } = request.query;
      const cluster = clusterScope(context, { ...(scope ? { scope } : {}), ...(instance !== undefined ? { instance } : {}) });
      if (cluster) {
        const paging = { ...(cursor !== undefined ? { cursor } : {}), ...(limit !== undefined ? { limit } : {}) };
        return cluster.port.list(filterOf(filter), paging, cluster.instance).catch(cursorError);
      }
      const page = await journal
        .list(filterOf(filter), { ...(cursor !== undefined ? { cursor } : {}), ...(limit !== undefined ? { limit } : {}) })
        .catch(cursorError);
      // `dropped`: requests that were kept in memory only (more a second than the journal persists).
      return { items: page.entries, ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}), dropped: journal.dropped };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { instance?: string } }>(
    '/api/requests/:id',
    {
      schema: {
        summary: 'One journal entry with everything applied (delay, fault, variant, window), timings, headers and bodies',
        tags,
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
        querystring: { type: 'object', additionalProperties: false, properties: { instance: scopeProperties.instance } },
        response: { 200: JournalEntrySchema },
      },
    },
    async (request, reply): Promise<JournalEntry | FastifyReply> => {
      const { instance } = request.query;
      const cluster = instance !== undefined ? clusterScope(context, { instance }) : undefined;
      const entry = cluster ? await cluster.port.get(instance!, request.params.id) : await journal.get(request.params.id);
      if (!entry) return sendProblem(reply, 'JOURNAL_ENTRY_NOT_FOUND', `no journal entry "${request.params.id}"`);
      return entry;
    },
  );

  app.delete('/api/requests', { schema: { summary: 'Forget every journal entry (in memory and on disk)', tags } }, async (_request, reply) => {
    await journal.clear();
    return reply.code(204).send();
  });

  app.post<{ Body: FilterInput | undefined; Querystring: ScopeInput }>(
    '/api/requests/count',
    {
      schema: {
        summary: 'How many journal entries match a predicate (verification: "was it called 3 times?")',
        tags,
        querystring: { type: 'object', additionalProperties: false, properties: scopeProperties },
        body: { type: 'object', additionalProperties: false, properties: filterProperties },
      },
    },
    async (request) => {
      const filter = filterOf(request.body ?? {});
      const cluster = clusterScope(context, request.query);
      // Across instances: exact when every instance asked answered (`unanswered` names the others).
      if (cluster) return cluster.port.count(filter, cluster.instance);
      // `exact: false` says the count may be short (requests the journal dropped under load).
      if (isCountingJournal(journal)) return journal.verify(filter);
      return { count: await journal.count(filter), exact: journal.dropped === 0, dropped: journal.dropped, source: 'journal' };
    },
  );
}
