import type { Config, Endpoint, HttpMethod } from '../../config/index.js';
import type { ImportError, ImportInput, ImportResult, ImportWarning, Importer, SkippedItem } from '../import-types.js';
import { decodeInput } from '../decode-input.js';
import { isUrl } from '../ref-target.js';
import { SchemaBundler, type SpecVersion } from './bundle-schema.js';
import { BodyMaker } from './make-body.js';
import { operationEndpoints, type OperationContext } from './operation-endpoints.js';
import { isObject, RefResolver } from './resolve-refs.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Vendor extensions that carry a simulation: `x-mimicus-<key>` → the endpoint's `<key>`. */
const EXTENSIONS = ['latency', 'errors', 'rateLimit', 'bandwidth'] as const;
/** Endpoints one import makes at most (an 8 MiB upload could otherwise ask for millions). */
const MAX_ENDPOINTS = 20_000;

function versionOf(document: Record<string, unknown>): SpecVersion | undefined {
  if (document.swagger === '2.0' || document.swagger === 2) return '2.0';
  if (typeof document.openapi !== 'string') return undefined;
  if (document.openapi.startsWith('3.1')) return '3.1';
  return document.openapi.startsWith('3.') ? '3.0' : undefined;
}

/** `basePath` (2.0) or the path of the first server URL (3.x, `{variables}` at their defaults). */
export function basePathOf(document: Record<string, unknown>, warnings: ImportWarning[]): string {
  if (typeof document.basePath === 'string') return document.basePath.replace(/\/+$/, '');
  const server = Array.isArray(document.servers) ? document.servers[0] : undefined;
  if (!isObject(server) || typeof server.url !== 'string') return '';
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = variables[name];
    return isObject(variable) && typeof variable.default === 'string' ? variable.default : '';
  });
  let path: string;
  try {
    path = new URL(url, 'http://base.invalid').pathname;
  } catch {
    warnings.push({ source: 'servers[0].url', message: `not a URL (${server.url}); no base path` });
    return '';
  }
  return decodeURI(path).replace(/\/+$/, '');
}

/** `{user-id}` is not a valid template name: it becomes `{user_id}`, remembered for the checks. */
function templateOf(path: string): { path: string; names: Map<string, string> } {
  const names = new Map<string, string>();
  const used = new Set<string>();
  const template = path.replace(/\{([^}]*)\}/g, (_, name: string) => {
    let safe = PARAM_NAME.test(name) ? name : `p_${name.replace(/[^A-Za-z0-9_]/g, '_')}`.replace(/^p_(?=[A-Za-z_])/, '');
    for (let n = 2; used.has(safe); n++) safe = `${safe}_${n}`;
    used.add(safe);
    names.set(name, safe);
    return `{${safe}}`;
  });
  return { path: template, names };
}

function behaviorsOf(node: Record<string, unknown>): Partial<Pick<Endpoint, (typeof EXTENSIONS)[number]>> {
  const out: Record<string, unknown> = {};
  for (const key of EXTENSIONS) if (node[`x-mimicus-${key}`] !== undefined) out[key] = node[`x-mimicus-${key}`];
  return out;
}

function uniqueId(wanted: string, used: Set<string>): string {
  const base =
    wanted
      .replace(/[^A-Za-z0-9._:-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 100) || 'operation';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** Runs the import of one OpenAPI 2.0 / 3.0 / 3.1 document (see operation-endpoints.ts for one operation). */
export function importOpenApi(input: ImportInput): { ok: true; value: ImportResult } | { ok: false; error: ImportError[] } {
  let document = input.document;
  if (document === undefined) {
    const decoded = decodeInput(input.main);
    if (!decoded.ok) return decoded;
    document = decoded.value;
  }
  if (!isObject(document)) return { ok: false, error: [{ source: input.main.path, message: 'not an OpenAPI document (expected a map at the top)' }] };
  const version = versionOf(document);
  if (version === undefined)
    return { ok: false, error: [{ source: input.main.path, message: 'not an OpenAPI 2.0, 3.0 or 3.1 document (no `swagger: "2.0"` or `openapi: 3.x`)' }] };
  const warnings: ImportWarning[] = [];
  const skipped: SkippedItem[] = [];
  const resolver = new RefResolver(document, isUrl(input.main.path) ? input.main.path : '', input.files);
  const bundler = new SchemaBundler(resolver, version);
  const ctx: OperationContext = {
    version,
    document,
    resolver,
    bundler,
    bodies: new BodyMaker(resolver, bundler),
    seed: input.seed,
    variants: input.options.variants === true,
    validate: input.options.validate === true,
    security: input.options.security !== false,
    warnings,
    invalidBodies: 0,
    generatedBodies: 0,
  };
  const basePath = basePathOf(document, warnings);
  const endpoints: Endpoint[] = [];
  const ids = new Set<string>();
  const routes = new Map<string, string>();
  const paths = isObject(document.paths) ? document.paths : {};
  const progress = input.onProgress;
  const entries = Object.entries(paths);
  entries.forEach(([rawPath, rawItem], index) => {
    progress?.(index, entries.length);
    const source = `paths.${rawPath}`;
    const item = resolver.deref(rawItem, resolver.mainBase);
    if (!rawPath.startsWith('/') || !item || !isObject(item.node)) {
      skipped.push({ source, reason: rawPath.startsWith('/') ? 'path item $ref leads nowhere' : 'a path must start with "/"' });
      return;
    }
    const pathItem = item.node;
    // A fragment never reaches a server (Box documents `/schema#add` and `/schema#update`): it is
    // dropped, and operations it told apart become one route (the later skipped, as any clash).
    const hash = rawPath.indexOf('#');
    if (hash >= 0)
      warnings.push({ source, message: `"${rawPath.slice(hash)}" is a URL fragment, which requests never carry; served at ${rawPath.slice(0, hash)}` });
    const { path, names } = templateOf(`${basePath}${hash >= 0 ? rawPath.slice(0, hash) : rawPath}`);
    for (const [original, safe] of names) {
      if (original !== safe) warnings.push({ source, message: `path parameter "${original}" is named "${safe}" in the endpoint's path template` });
    }
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const opSource = `${source}.${method}`;
      const upper = method.toUpperCase() as HttpMethod;
      const routeKey = `${upper} ${path.replace(/\{[^}]*\}/g, '{}')}`;
      if (endpoints.length >= MAX_ENDPOINTS) {
        skipped.push({ source: opSource, reason: `over ${MAX_ENDPOINTS} endpoints imported already` });
        continue;
      }
      const clash = routes.get(routeKey);
      if (clash !== undefined) {
        skipped.push({ source: opSource, reason: `answers the same requests as ${clash} (same method, equivalent path)` });
        continue;
      }
      routes.set(routeKey, opSource);
      const id = uniqueId(typeof operation.operationId === 'string' && operation.operationId !== '' ? operation.operationId : `${method}-${rawPath}`, ids);
      const made = operationEndpoints(ctx, {
        id,
        method: upper,
        path,
        pathNames: names,
        pathItem,
        operation,
        base: item.base,
        source: opSource,
        behaviors: { ...behaviorsOf(pathItem), ...behaviorsOf(operation) },
      });
      for (const endpoint of made) {
        if (endpoint.id !== id) endpoint.id = uniqueId(endpoint.id, ids);
        endpoints.push(endpoint);
      }
    }
  });
  progress?.(entries.length, entries.length);
  if (isObject(document.webhooks)) {
    for (const name of Object.keys(document.webhooks))
      skipped.push({ source: `webhooks.${name}`, reason: 'a webhook is a request the API sends, not one it answers' });
  }
  for (const warning of bundler.warnings) warnings.push(warning);
  const defaults = behaviorsOf(document);
  const config: Config = { version: 2, ...(Object.keys(defaults).length > 0 ? { defaults } : {}), endpoints };
  const info = isObject(document.info) ? document.info : {};
  return {
    ok: true,
    value: {
      format: 'openapi',
      config,
      warnings,
      skipped,
      bodyFiles: new Map(),
      details: {
        specVersion: version,
        title: typeof info.title === 'string' ? info.title : undefined,
        apiVersion: typeof info.version === 'string' ? info.version : undefined,
        operations: routes.size,
        generatedBodies: ctx.generatedBodies,
        invalidBodies: ctx.invalidBodies,
      },
    },
  };
}

export const openApiImporter: Importer = {
  format: 'openapi',
  detect: (document) => isObject(document) && versionOf(document) !== undefined,
  run: (input) => importOpenApi(input),
};
