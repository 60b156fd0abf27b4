import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import { decodeLiteralYaml, type Config, type ConfigIssue } from '../../config/index.js';
import type { AdminContext } from '../admin-context.js';
import {
  ImportPreviewSchema,
  RecordedVersionSchema,
  VersionDetailSchema,
  VersionListSchema,
  type RecordedVersion,
  type VersionDetail,
  type VersionList,
} from '../../contract/index.js';
import { sendIssues, sendProblem, sendRejection } from '../problem.js';
import { diffConfigs, redactSecrets } from '../versions/index.js';
import { describeChange, withCurrentAdmin } from './config-routes.js';
import { handleForeignImport, isForeignImport } from './import-routes.js';

const YAML_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'];

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

/** What an export holds besides the config; an import accepts this envelope or a bare config. */
interface ExportDocument {
  readonly exported: { readonly at: string; readonly mimicusVersion: string; readonly version?: Record<string, unknown> };
  readonly config: Config;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The config of an import body: an export envelope is unwrapped, anything else is taken as a config. */
function configOfImport(body: unknown): unknown {
  return isRecord(body) && isRecord(body.exported) && isRecord(body.config) ? body.config : body;
}

/** YAML text to a value, syntax errors and limits (size, nesting, alias bombs) as issues with their line and column. */
function decodeYaml(text: string): { ok: true; value: unknown } | { ok: false; issues: ConfigIssue[] } {
  const decoded = decodeLiteralYaml(text);
  return decoded.ok ? decoded : { ok: false, issues: decoded.error };
}

/**
 * `/api/versions` (history, one version with its diff, restore), `/api/export` and `/api/import`.
 * Every applied change records its version in the app; these routes read the history and apply
 * through the same port as PUT /api/config.
 */
export function registerVersionRoutes(app: FastifyInstance, context: AdminContext): void {
  const { config, versions } = context;
  const tags = ['versions'];

  for (const type of YAML_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  }

  app.get(
    '/api/versions',
    {
      schema: {
        summary: 'Applied config versions, newest first (page with before=<the last id seen>)',
        tags,
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, before: { type: 'integer', minimum: 1 } },
        },
        response: { 200: VersionListSchema },
      },
    },
    async (request): Promise<VersionList> => {
      const { limit, before } = request.query as { limit: number; before?: number };
      const items = await versions.list({ limit, ...(before !== undefined ? { before } : {}) });
      const last = items.at(-1);
      return { items, ...(items.length === limit && last !== undefined && last.id > 1 ? { nextBefore: last.id } : {}) };
    },
  );

  app.get(
    '/api/versions/:id',
    {
      schema: {
        summary: 'One version: its config snapshot and the changed paths against the version before it, or against ?against=<id> (diff any two)',
        tags,
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { against: { type: 'integer', minimum: 1 } } },
        response: { 200: VersionDetailSchema },
      },
    },
    async (request, reply): Promise<VersionDetail | FastifyReply> => {
      const { id } = request.params as { id: number };
      const { against } = request.query as { against?: number };
      const version = await versions.get(id);
      if (!version) return sendProblem(reply, 'VERSION_NOT_FOUND', `no version ${id}`);
      const base = against === undefined ? await versions.previous(id) : await versions.get(against);
      if (against !== undefined && !base) return sendProblem(reply, 'VERSION_NOT_FOUND', `no version ${against}`);
      const previous = against === undefined ? base : await versions.previous(id);
      return {
        ...version,
        previousId: previous?.id ?? null,
        ...(against !== undefined ? { againstId: against } : {}),
        diff: diffConfigs(base?.snapshot ?? {}, version.snapshot),
      };
    },
  );

  const applyAsVersion = async (
    request: FastifyRequest,
    reply: FastifyReply,
    candidate: unknown,
    message: string,
    status: number,
    source: 'restore' | 'import',
  ) => {
    const outcome = await config.apply(withCurrentAdmin(candidate, config.current()), { ...context.changeOf(request), message, source });
    if (!outcome.ok) return sendRejection(reply, outcome.rejection);
    // An unchanged config records nothing: the answer names the version that already serves it.
    const recorded: RecordedVersion = outcome.changed
      ? { version: outcome.version, ...(outcome.restartNeeded.length > 0 ? { restartNeeded: [...outcome.restartNeeded] } : {}) }
      : { version: await versions.latest(), unchanged: true };
    return describeChange(reply, outcome).code(status).send(recorded);
  };

  app.post(
    '/api/versions/:id/restore',
    {
      schema: {
        summary: 'Apply a version\'s snapshot again, as a new version ("restore of version N")',
        tags,
        params: idParams,
        response: { 200: RecordedVersionSchema },
      },
    },
    async (request, reply) =>
      config.exclusive(async () => {
        const { id } = request.params as { id: number };
        const version = await versions.get(id);
        if (!version) return sendProblem(reply, 'VERSION_NOT_FOUND', `no version ${id}`);
        const why = context.changeOf(request).message;
        return applyAsVersion(request, reply, version.snapshot, `restore of version ${id}${why ? `: ${why}` : ''}`, 200, 'restore');
      }),
  );

  app.get(
    '/api/export',
    {
      schema: {
        summary: 'Download the config being served with its version metadata ({ exported, config }), as YAML (default) or JSON',
        tags,
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['yaml', 'json'], default: 'yaml' } } },
      },
    },
    async (request, reply) => {
      const { format } = request.query as { format: 'yaml' | 'json' };
      const latest = await versions.latest();
      const document: ExportDocument = {
        exported: { at: new Date().toISOString(), mimicusVersion: context.status.status().version, ...(latest ? { version: { ...latest } } : {}) },
        config: redactSecrets(config.current()),
      };
      const name = `mimicus-config${latest ? `-v${latest.id}` : ''}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'json') return reply.type('application/json').send(JSON.stringify(document, null, 2));
      return reply.type('application/yaml; charset=utf-8').send(stringify(document));
    },
  );

  app.post(
    '/api/import',
    {
      schema: {
        summary:
          'Apply a config (JSON, or YAML text as application/yaml or text/yaml; an /api/export document too) as a new version; with ?format=openapi|wiremock|mockoon|mountebank|postman|har|auto, import that format (dryRun=true previews; variants, validate, replace)',
        tags,
        response: { 200: ImportPreviewSchema, 201: RecordedVersionSchema },
      },
    },
    async (request, reply) =>
      config.exclusive(async () => {
        if (isForeignImport(request)) return handleForeignImport(request, reply, context);
        let body: unknown = request.body;
        if (typeof body === 'string') {
          const decoded = decodeYaml(body);
          if (!decoded.ok) return sendIssues(reply, decoded.issues);
          body = decoded.value;
        }
        return applyAsVersion(request, reply, configOfImport(body), context.changeOf(request).message ?? 'import', 201, 'import');
      }),
  );
}
