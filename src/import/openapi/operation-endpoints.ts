import type { Endpoint, HttpMethod, RequestMatch, ResponseConfig } from '../../config/index.js';
import type { ImportWarning } from '../import-types.js';
import type { SchemaBundler, SpecVersion } from './bundle-schema.js';
import { generateValue } from './generate-value.js';
import type { BodyMaker } from './make-body.js';
import { isJsonMedia, producesOf, readResponse, type DocumentedResponse, type NamedExample } from './read-response.js';
import { parametersOf, requestRules } from './request-rules.js';
import { securityRules } from './security-rules.js';
import { isObject, type RefResolver } from './resolve-refs.js';
import { seedFor } from './seeded-random.js';

export interface OperationContext {
  readonly version: SpecVersion;
  readonly document: Record<string, unknown>;
  readonly resolver: RefResolver;
  readonly bundler: SchemaBundler;
  readonly bodies: BodyMaker;
  readonly seed: number;
  readonly variants: boolean;
  readonly validate: boolean;
  /** With `validate`: security requirements checked too (401); `--no-security` turns them off. */
  readonly security: boolean;
  readonly warnings: ImportWarning[];
  /** Generated bodies that the schema refused (counted for the report). */
  invalidBodies: number;
  generatedBodies: number;
}

export interface OperationInput {
  readonly id: string;
  readonly method: HttpMethod;
  /** The endpoint's path template (base path included, parameter names made valid). */
  readonly path: string;
  readonly pathNames: ReadonlyMap<string, string>;
  readonly pathItem: Record<string, unknown>;
  readonly operation: Record<string, unknown>;
  readonly base: string;
  /** `paths./pets/{id}.get` */
  readonly source: string;
  /** Behavior blocks from `x-mimicus-*` (path item, then operation). */
  readonly behaviors: Partial<Pick<Endpoint, 'latency' | 'errors' | 'rateLimit' | 'bandwidth'>>;
}

/** Named examples per response, and the length of a name (it becomes a `Prefer` pattern). */
const MAX_EXAMPLES = 50;
const MAX_EXAMPLE_NAME = 100;

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
const preferPart = (key: string, value: string) => ({ regex: `(^|[,;\\s])${key}="?${escapeRegex(value)}"?($|[,;\\s])` });

/** `Prefer: code=404` or `?__code=404` (Prism's conventions). */
const codeMatch = (status: string): RequestMatch => ({ any: [{ headers: { prefer: preferPart('code', status) } }, { query: { __code: status } }] });
/** `Prefer: example=name` or `?__example=name`. */
const exampleMatch = (name: string): RequestMatch => ({ any: [{ headers: { prefer: preferPart('example', name) } }, { query: { __example: name } }] });

/** `2XX` → 200, `default` → 200 when it is the only answer, else 500. */
function statusNumber(key: string, onlyDefault: boolean): number | undefined {
  if (key === 'default') return onlyDefault ? 200 : 500;
  if (/^[1-5]XX$/i.test(key)) return Number(key[0]) * 100;
  const n = Number(key);
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

const idPart = (text: string) =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'x';

/**
 * The endpoints of one operation: the main one answers the first 2xx (else the first documented
 * status) with its first example or a generated body; one more per other status
 * (`Prefer: code=…`, `?__code=…`), per named example (`Prefer: example=…`) and per both, ranked
 * by priority so the most specific request wins.
 */
export function operationEndpoints(ctx: OperationContext, input: OperationInput): Endpoint[] {
  const { operation, source } = input;
  const responses = isObject(operation.responses) ? operation.responses : {};
  const keys = Object.keys(responses);
  const onlyDefault = keys.length === 1 && keys[0] === 'default';
  const statuses: { key: string; status: number }[] = [];
  for (const key of keys) {
    const status = statusNumber(key, onlyDefault);
    if (status === undefined) ctx.warnings.push({ source: `${source}.responses.${key}`, message: 'not an HTTP status; left out' });
    else if (!statuses.some((s) => s.status === status)) statuses.push({ key, status });
  }
  if (statuses.length === 0) {
    ctx.warnings.push({ source: `${source}.responses`, message: 'no documented response; answers 200 with no body' });
    statuses.push({ key: '', status: 200 });
  }
  const main = statuses.find((s) => s.status >= 200 && s.status < 300) ?? statuses[0]!;
  const produces = producesOf(operation, ctx.document);
  const documented = (key: string) => (key === '' ? undefined : readResponse(responses[key], input.base, ctx.version, ctx.resolver, produces));

  const base: Omit<Endpoint, 'id' | 'response'> = {
    ...(typeof operation.summary === 'string' ? { description: operation.summary.slice(0, 500) } : {}),
    ...(Array.isArray(operation.tags) && operation.tags.every((t) => typeof t === 'string' && t !== '') && operation.tags.length > 0
      ? { tags: operation.tags as string[] }
      : {}),
    method: input.method,
    path: input.path,
    ...input.behaviors,
  };
  if (ctx.validate) {
    const parameters = parametersOf(input.pathItem, operation, input.base, ctx.resolver);
    const rules = requestRules(
      { version: ctx.version, parameters, operation, document: ctx.document, base: input.base, pathNames: input.pathNames, source },
      ctx.resolver,
      ctx.bundler,
    );
    const guarded = ctx.security ? securityRules(ctx.version, operation, ctx.document, ctx.resolver) : {};
    if (guarded.warning !== undefined) ctx.warnings.push({ source: `${source}.security`, message: guarded.warning });
    (base as Endpoint).validate = guarded.security === undefined ? rules : { security: guarded.security, ...rules };
  }

  const endpoints: Endpoint[] = [];
  const byStatus = statuses.map(({ key, status }) => ({ key, status, doc: documented(key) }));
  for (const { key, status, doc } of byStatus) {
    for (const warning of doc?.warnings ?? []) ctx.warnings.push({ source: `${source}.responses.${key}`, message: warning });
    const isMain = status === main.status;
    const usable = (doc?.examples ?? []).filter((e) => e.name.length <= MAX_EXAMPLE_NAME);
    if (doc && usable.length < doc.examples.length)
      ctx.warnings.push({ source: `${source}.responses.${key}`, message: `examples with names over ${MAX_EXAMPLE_NAME} characters left out` });
    if (usable.length > MAX_EXAMPLES)
      ctx.warnings.push({ source: `${source}.responses.${key}`, message: `${usable.length} named examples: the first ${MAX_EXAMPLES} imported` });
    const examples: readonly (NamedExample | undefined)[] = usable.length > 0 ? usable.slice(0, MAX_EXAMPLES) : [undefined];
    examples.forEach((example, i) => {
      const response = responseFor(ctx, doc, status, example, `${source}.responses.${key}`, `${input.id}:${status}`);
      const named = i > 0 && example !== undefined;
      if (isMain && !named) {
        endpoints.push({ id: input.id, ...base, response });
        return;
      }
      const match: RequestMatch = isMain
        ? exampleMatch(example!.name)
        : named
          ? { all: [codeMatch(String(status)), exampleMatch(example!.name)] }
          : codeMatch(String(status));
      const id = isMain
        ? `${input.id}:example:${idPart(example!.name)}`
        : named
          ? `${input.id}:${status}:example:${idPart(example!.name)}`
          : `${input.id}:${status}`;
      endpoints.push({ id, ...base, priority: isMain ? 1 : named ? 3 : 2, match, response });
    });
  }
  if (ctx.variants && byStatus.length > 1) {
    const others = endpoints.filter((e) => e.match !== undefined && e.priority === 2);
    const first = endpoints[0]!;
    first.variants = [
      { id: `status-${first.response!.status ?? 200}`, weight: 90, response: first.response! },
      ...others.map((e) => ({ id: `status-${e.response!.status ?? 200}`, weight: Number((10 / others.length).toFixed(4)), response: e.response! })),
    ];
    delete first.response;
  }
  return endpoints;
}

function responseFor(
  ctx: OperationContext,
  doc: DocumentedResponse | undefined,
  status: number,
  example: NamedExample | undefined,
  source: string,
  seedKey: string,
): ResponseConfig {
  const response: ResponseConfig = { status };
  if (doc === undefined) return response;
  const headers: Record<string, string> = {};
  for (const [name, header] of doc.headers) {
    const value =
      header.example ??
      (header.schema
        ? generateValue(ctx.bundler.bundle(header.schema.node, header.schema.base, 'response', `${source}.headers.${name}`), {
            seed: seedFor(ctx.seed, `${seedKey}:${name}`),
            optionalDepth: 1,
            rotate: 0,
            useExamples: true,
          })
        : undefined);
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const json = isJsonMedia(doc.mediaType);
  if (doc.mediaType !== undefined && !/^application\/json$/i.test(doc.mediaType)) headers['content-type'] = doc.mediaType;
  let body: unknown;
  let hasBody = false;
  if (example !== undefined) {
    body = example.value;
    hasBody = true;
  } else if (doc.schema !== undefined) {
    const made = ctx.bodies.make(doc.schema.node, doc.schema.base, source, seedFor(ctx.seed, seedKey));
    ctx.generatedBodies++;
    if (!made.valid) {
      ctx.invalidBodies++;
      ctx.warnings.push({ source, message: `generated body does not validate against the schema (${made.problem ?? 'invalid'})` });
    } else {
      ctx.warnings.push({ source, message: 'no example; body generated from schema' });
    }
    body = made.value;
    hasBody = true;
  } else if (doc.mediaType !== undefined) {
    ctx.warnings.push({ source, message: `no example and no schema for ${doc.mediaType}; answered without a body` });
  }
  if (Object.keys(headers).length > 0) response.headers = headers;
  if (!hasBody) return response;
  if (json) response.json = body === undefined ? null : body;
  else response.body = typeof body === 'string' ? body : JSON.stringify(body);
  return response;
}
