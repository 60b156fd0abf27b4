import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ImportPreview } from '../../contract/index.js';
import type { AdminContext } from '../admin-context.js';
import type { ForeignImportRequest } from '../import-port.js';
import { sendIssues, sendProblem, sendRejection } from '../problem.js';
import { withCurrentAdmin } from './config-routes.js';

const FORMATS = new Set<ForeignImportRequest['format']>(['auto', 'openapi', 'wiremock', 'mockoon', 'mountebank', 'postman', 'har']);
const yes = (value: unknown) => value === 'true' || value === '1' || value === '';

type ImportQuery = Partial<Record<'format' | 'dryRun' | 'variants' | 'validate' | 'replace' | 'name', string>>;

/** `POST /api/import` with `?format=` naming a foreign format (absent or `mimicus`: a Mimicus config, the plain path). */
export function isForeignImport(request: FastifyRequest): boolean {
  const format = (request.query as ImportQuery).format;
  return format !== undefined && format !== 'mimicus';
}

/**
 * `POST /api/import?format=openapi&dryRun=true`: the body (YAML or JSON text, or JSON) imported
 * in memory; `dryRun` answers the preview (endpoints, warnings, skipped, conflicts), otherwise
 * the current config with the imported endpoints (`replace=true`: instead of its endpoints) is
 * applied as one version and the preview comes back with it (200). Run inside the port's lock.
 */
export async function handleForeignImport(request: FastifyRequest, reply: FastifyReply, context: AdminContext): Promise<FastifyReply | ImportPreview> {
  const { config, versions, importer } = context;
  const query = request.query as ImportQuery;
  const format = query.format as ForeignImportRequest['format'];
  if (!FORMATS.has(format))
    return sendProblem(reply, 'ADMIN_REQUEST_INVALID', `format must be one of mimicus, ${[...FORMATS].join(', ')}; got "${String(query.format).slice(0, 40)}"`);
  if (importer === undefined) return sendProblem(reply, 'ADMIN_REQUEST_INVALID', 'this Mimicus imports Mimicus configs only');
  const body: unknown = request.body;
  const text =
    typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : body === undefined || body === null ? '' : JSON.stringify(body);
  if (text.trim() === '') return sendProblem(reply, 'IMPORT_FAILED', 'the body is empty: send the document to import', { errors: [] });
  const name = (query.name ?? 'upload').replace(/[^\w.@+-]/g, '_').slice(0, 100) || 'upload';
  const outcome = importer.preview(
    text,
    { format, name, variants: yes(query.variants), validate: yes(query.validate), replace: yes(query.replace) },
    config.current(),
  );
  if (!outcome.ok) return sendProblem(reply, 'IMPORT_FAILED', `${name} could not be imported as ${format}`, { errors: outcome.errors.slice(0, 200) });
  if (yes(query.dryRun)) {
    // The candidate is checked in full (schema, semantics, compilation): the preview says whether it would apply.
    const issues = await config.validate(withCurrentAdmin(outcome.candidate, config.current()));
    if (issues.length > 0) return sendIssues(reply, issues);
    return { dryRun: true, ...outcome.preview };
  }
  const change = context.changeOf(request);
  const applied = await config.apply(withCurrentAdmin(outcome.candidate, config.current()), {
    ...change,
    message: change.message ?? `import of ${name} (${outcome.preview.format}): ${outcome.preview.endpoints.length} endpoints`,
    source: 'import',
  });
  if (!applied.ok) return sendRejection(reply, applied.rejection);
  const version = applied.changed ? applied.version : await versions.latest();
  // 200 with the preview (201 is the plain config import's answer, a bare version record).
  return { dryRun: false, ...outcome.preview, ...(version ? { version } : {}) };
}
