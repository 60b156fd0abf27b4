import type { Config, Endpoint } from '../../config/index.js';
import { createIdAllocator, disableShadowed, parseJsonInput, slugOf } from '../foreign/index.js';
import type { Importer, ImportInput, ImportResult, ImportWarning, SkippedItem } from '../import-types.js';
import { convertProxyMode } from './convert-proxy-mode.js';
import { convertRoute, routePath } from './convert-route.js';

type Json = Record<string, unknown>;

const isEnvironment = (document: unknown): document is Json =>
  document !== null &&
  typeof document === 'object' &&
  !Array.isArray(document) &&
  Array.isArray((document as Json).routes) &&
  ('lastMigration' in (document as Json) || 'endpointPrefix' in (document as Json));

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Origin, Accept, Authorization, Content-Length, X-Requested-With',
};

/**
 * A Mockoon environment as a Mimicus config: HTTP routes (see convert-route.ts), CRUD routes on
 * data buckets as CRUD collections seeded from the bucket, environment headers and latency as
 * defaults, CORS as headers plus an OPTIONS answer. Proxy mode and WebSocket routes are reported.
 */
export const mockoonImporter: Importer = {
  format: 'mockoon',
  detect: (document) => isEnvironment(document),
  run(input: ImportInput) {
    const parsed = parseJsonInput(input.main);
    if (!parsed.ok) return parsed;
    if (!isEnvironment(parsed.value))
      return { ok: false, error: [{ source: input.main.path, message: 'not a Mockoon environment (routes[] and lastMigration)' }] };
    const env = parsed.value;
    const warnings: ImportWarning[] = [];
    const skipped: SkippedItem[] = [];
    const bodyFiles = new Map<string, string>();
    const buckets = (Array.isArray(env.data) ? env.data : []) as Json[];
    const allocate = createIdAllocator();
    const prefix = typeof env.endpointPrefix === 'string' ? env.endpointPrefix : '';
    const context = {
      warnings,
      skipped,
      allocate,
      prefix,
      envLatencyMs: Math.max(0, Number(env.latency ?? 0) || 0),
      readFile: (path: string) => readFile(input, path),
      addBodyFile: (path: string, text: string) => {
        bodyFiles.set(path, text);
        return path;
      },
      bucket: (id: string) => {
        const found = buckets.find((b) => b?.id === id || b?.uuid === id || b?.name === id);
        return found === undefined ? undefined : { name: String(found.name ?? found.id), value: String(found.value ?? '') };
      },
    };
    const endpoints: Endpoint[] = [];
    const sources: string[] = [];
    (env.routes as Json[]).forEach((route, i) => {
      const at = `routes[${i}]`;
      if (route?.type === 'ws') {
        skipped.push({ source: at, reason: 'WebSocket routes are not importable' });
        return;
      }
      const made = route?.type === 'crud' ? convertCrudRoute(route, at, context, bodyFiles) : convertRoute(route ?? {}, at, context);
      for (const endpoint of made) {
        endpoints.push(endpoint);
        sources.push(at);
      }
    });
    const config: Config = { version: 2 };
    const headers: Record<string, string> = {};
    for (const header of Array.isArray(env.headers) ? (env.headers as Json[]) : []) {
      if (typeof header?.key === 'string' && header.key !== '') headers[header.key] = String(header.value ?? '');
    }
    if (env.cors === true) {
      Object.assign(headers, CORS_HEADERS);
      endpoints.push({
        id: allocate('cors-preflight'),
        description: 'Mockoon answers CORS preflight requests itself',
        method: 'OPTIONS',
        path: '/**',
        priority: -1000,
        response: { status: 200 },
      });
      sources.push('cors');
    }
    if (Object.keys(headers).length > 0) {
      config.defaults = { headers };
      if (headers['Content-Type'] !== undefined || headers['content-type'] !== undefined) {
        warnings.push({ source: 'headers', message: 'environment headers are defaults: a response sets its own Content-Type over them (as in Mockoon)' });
      }
    }
    const unmatched = convertProxyMode(env, prefix, warnings);
    if (unmatched !== undefined) config.server = { unmatched };
    disableShadowed(endpoints, sources, 'first', warnings);
    config.endpoints = endpoints;
    const result: ImportResult = { format: 'mockoon', config, warnings, skipped, bodyFiles };
    return { ok: true, value: result };
  },
};

/** A file body by Mockoon's `filePath` (absolute paths cannot be read: their last part is tried). */
function readFile(input: ImportInput, path: string): { path: string; text: string } | undefined {
  const normalized = path.replace(/\\/g, '/');
  const candidates = [normalized.replace(/^\.\//, ''), normalized.split('/').pop()!];
  for (const candidate of candidates) {
    if (candidate.split('/').includes('..') || candidate.startsWith('/')) continue;
    const text = input.files.get(candidate);
    if (text !== undefined) return { path: `files/${candidate}`, text };
  }
  return undefined;
}

/** A CRUD route on a data bucket: a CRUD collection, seeded with the bucket when it is a JSON array. */
function convertCrudRoute(
  route: Json,
  at: string,
  context: {
    warnings: ImportWarning[];
    skipped: SkippedItem[];
    allocate(name: string): string;
    prefix: string;
    envLatencyMs: number;
    bucket(id: string): { name: string; value: string } | undefined;
  },
  bodyFiles: Map<string, string>,
): Endpoint[] {
  const response = ((route.responses as Json[] | undefined) ?? [])[0] ?? {};
  const bucket = context.bucket(String(response.databucketID ?? ''));
  if (bucket === undefined) {
    context.skipped.push({ source: at, reason: 'CRUD route without a data bucket' });
    return [];
  }
  const collection = slugOf(bucket.name);
  const { path } = routePath(context.prefix, String(route.endpoint ?? ''));
  const endpoint: Endpoint = {
    id: context.allocate(`crud ${String(route.endpoint ?? collection)}`),
    description: `Mockoon CRUD route on data bucket "${bucket.name}"`,
    path,
    ...(context.envLatencyMs > 0 ? { latency: { fixed: `${context.envLatencyMs}ms` } } : {}),
    crud: { collection, ...(typeof response.crudKey === 'string' && response.crudKey !== 'id' ? { key: response.crudKey } : {}) },
  };
  let seed: unknown;
  try {
    seed = JSON.parse(bucket.value);
  } catch {
    seed = undefined;
  }
  if (Array.isArray(seed) && seed.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
    const file = `data/${collection}.json`;
    bodyFiles.set(file, `${JSON.stringify(seed, null, 2)}\n`);
    endpoint.crud!.seed = file;
  } else {
    context.warnings.push({
      source: `${at}.responses[0].databucketID`,
      message: `data bucket "${bucket.name}" is not a JSON array of objects${bucket.value.includes('{{') ? ' (it is a template)' : ''}: the collection starts empty`,
    });
  }
  return [endpoint];
}
