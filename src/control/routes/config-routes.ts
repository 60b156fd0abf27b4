import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config/index.js';
import { ConfigCheckSchema, type ConfigCheck } from '../../contract/index.js';
import type { AdminContext } from '../admin-context.js';
import { configEtag } from '../config-etag.js';
import type { ApplyOutcome } from '../control-port.js';
import { sendProblem, sendRejection } from '../problem.js';

const REDACTED = '<redacted>';

/** The config as the API shows it: API key secrets never leave the server. */
function redactConfig(config: Config): Config {
  if (!config.admin?.apiKeys) return config;
  return { ...config, admin: { ...config.admin, apiKeys: config.admin.apiKeys.map((key) => ({ ...key, key: REDACTED })) } };
}

/**
 * The admin block is fixed when Mimicus starts (the listener and its keys are already running), so
 * a config sent through the API keeps the current one whatever it says.
 */
export function withCurrentAdmin(candidate: unknown, current: Config): unknown {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) return candidate;
  const { admin: _ignored, ...rest } = candidate as Record<string, unknown>;
  return current.admin === undefined ? rest : { ...rest, admin: current.admin };
}

const currentEtag = (context: AdminContext): string => configEtag(redactConfig(context.config.current()));

/**
 * What an applied change did, in headers beside the route's own body: `x-mimicus-config-change`
 * (`applied`, or `unchanged` when the config equals the one served and no version was recorded),
 * `x-mimicus-config-version` (the version recorded) and `x-mimicus-restart-needed` (settings read
 * once at start that the change sets, e.g. `server.port`: they apply at the next start).
 */
export function describeChange(reply: FastifyReply, outcome: ApplyOutcome & { ok: true }): FastifyReply {
  reply.header('x-mimicus-config-change', outcome.changed ? 'applied' : 'unchanged');
  if (!outcome.changed) return reply;
  if (outcome.version) reply.header('x-mimicus-config-version', String(outcome.version.id));
  if (outcome.restartNeeded.length > 0) reply.header('x-mimicus-restart-needed', outcome.restartNeeded.join(', '));
  return reply;
}

const configBody = {
  type: 'object',
  description: 'A Mimicus config document (schema/config.schema.json); validated in full by Mimicus',
  additionalProperties: true,
} as const;

/**
 * Whether an If-Match / If-None-Match header names `etag` (or is `*`). RFC 9110: If-None-Match
 * compares weakly (`W/"x"` names `"x"`), If-Match strongly.
 */
function etagListed(header: string | undefined, etag: string, comparison: 'weak' | 'strong' = 'weak'): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => (comparison === 'weak' ? tag.trim().replace(/^W\//, '') : tag.trim()) === etag);
}

export function registerConfigRoutes(app: FastifyInstance, context: AdminContext): void {
  const { config: port } = context;

  app.get(
    '/api/config',
    {
      schema: {
        summary: 'The config being served (API key secrets redacted), with its ETag; If-None-Match → 304 when unchanged',
        tags: ['config'],
        headers: { type: 'object', properties: { 'if-none-match': { type: 'string' } } },
      },
    },
    async (request, reply) => {
      const shown = redactConfig(port.current());
      const etag = configEtag(shown);
      reply.header('etag', etag);
      // A UI polling the config gets a bodiless 304 until it changes.
      if (etagListed(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.send(shown);
    },
  );

  app.put(
    '/api/config',
    {
      schema: {
        summary: 'Replace the whole config (If-Match: the ETag read, else 412 when it changed since)',
        tags: ['config'],
        body: configBody,
        headers: { type: 'object', properties: { 'if-match': { type: 'string' } } },
      },
    },
    async (request, reply) =>
      port.exclusive(async () => {
        const ifMatch = request.headers['if-match'];
        const etag = currentEtag(context);
        if (ifMatch !== undefined && !etagListed(ifMatch, etag, 'strong')) {
          return sendProblem(reply, 'CONFIG_STALE', `If-Match ${ifMatch} is not the current config (${etag})`, { etag });
        }
        const candidate = withCurrentAdmin(request.body, port.current());
        const outcome = await port.apply(candidate, context.changeOf(request));
        if (!outcome.ok) return sendRejection(reply, outcome.rejection, candidate);
        const shown = redactConfig(port.current());
        return describeChange(reply, outcome).header('etag', configEtag(shown)).send(shown);
      }),
  );

  app.post(
    '/api/config/validate',
    {
      schema: {
        summary: 'Check a config; every issue is listed, nothing is applied',
        tags: ['config'],
        body: configBody,
        response: { 200: ConfigCheckSchema },
      },
    },
    async (request): Promise<ConfigCheck> => {
      const issues = await port.validate(withCurrentAdmin(request.body, port.current()));
      return { valid: issues.length === 0, issues };
    },
  );

  app.post('/api/config/reload', { schema: { summary: 'Read the config file again and apply it', tags: ['config'] } }, async (request, reply) =>
    port.exclusive(async () => {
      const outcome = await port.reloadFromFile(context.changeOf(request));
      if (outcome === undefined) return sendProblem(reply, 'CONFIG_NOT_FROM_FILE', 'this Mimicus was started from a config object');
      if (!outcome.ok) return sendRejection(reply, outcome.rejection);
      const shown = redactConfig(port.current());
      return describeChange(reply, outcome).header('etag', configEtag(shown)).send(shown);
    }),
  );
}
