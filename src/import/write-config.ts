import { Document } from 'yaml';
import type { Config, Endpoint, ResponseConfig } from '../config/index.js';
import type { ImportResult } from './import-types.js';

export interface WriteOptions {
  /** Where the input came from, for the header comment (a file name or URL, never a time). */
  readonly source: string;
  /** Folder (relative to the config) for bodies too large to inline, e.g. `mocks.bodies`. */
  readonly bodyDir: string;
  /** Bodies larger than this many bytes go to a file (default 4 KiB). */
  readonly inlineLimit?: number;
}

export interface WrittenConfig {
  readonly text: string;
  /** Relative path → content, to be written beside the config. */
  readonly bodyFiles: ReadonlyMap<string, string | Buffer>;
  readonly config: Config;
}

const DEFAULT_INLINE_LIMIT = 4096;

const fileSafe = (id: string) => id.replace(/[^A-Za-z0-9._-]+/g, '_');

/** A large `json` or `body` moved to a body file; the content type the inline form implied is kept. */
function externalise(response: ResponseConfig, name: string, limit: number, files: Map<string, string | Buffer>, dir: string): ResponseConfig {
  if (response.json !== undefined) {
    const text = `${JSON.stringify(response.json, null, 2)}\n`;
    if (Buffer.byteLength(text) <= limit) return response;
    const path = `${dir}/${name}.json`;
    files.set(path, text);
    const { json: _json, ...rest } = response;
    const headers = { ...rest.headers };
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    return { ...rest, headers, bodyFile: path };
  }
  if (typeof response.body === 'string' && Buffer.byteLength(response.body) > limit && response.template !== true) {
    const path = `${dir}/${name}.txt`;
    files.set(path, response.body);
    const { body: _body, ...rest } = response;
    return { ...rest, bodyFile: path };
  }
  return response;
}

function withBodyFiles(endpoint: Endpoint, limit: number, files: Map<string, string | Buffer>, dir: string): Endpoint {
  const name = fileSafe(endpoint.id);
  const out: Endpoint = { ...endpoint };
  if (out.response) out.response = externalise(out.response, name, limit, files, dir);
  if (out.variants)
    out.variants = out.variants.map((v, i) => ({ ...v, response: externalise(v.response, `${name}.${fileSafe(v.id ?? String(i))}`, limit, files, dir) }));
  if (out.sequence) out.sequence = { ...out.sequence, responses: out.sequence.responses.map((r, i) => externalise(r, `${name}.${i + 1}`, limit, files, dir)) };
  return out;
}

function headerOf(result: ImportResult, options: WriteOptions, endpoints: number): string {
  const d = result.details ?? {};
  const what = [
    d.specVersion ? `${result.format} ${d.specVersion}` : result.format,
    d.title ? `"${d.title}"` : undefined,
    d.apiVersion ? `version ${d.apiVersion}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return [
    ` Imported by \`mimicus import\` from ${options.source} (${what}).`,
    ` ${endpoints} endpoints, ${result.warnings.length} warnings, ${result.skipped.length} skipped; run the import again to see them.`,
    ' Edit freely: this file is a plain Mimicus config (`mimicus validate` checks it, `mimicus serve` serves it).',
    result.format === 'openapi' ? ' Other documented statuses answer `Prefer: code=404` or `?__code=404`; named examples `Prefer: example=<name>`.' : undefined,
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

/**
 * The imported config as clean YAML: a header saying what was imported from where (no time, so
 * the same input gives byte-identical output), bodies over the inline limit in body files beside
 * it.
 */
export function writeConfig(result: ImportResult, options: WriteOptions): WrittenConfig {
  const limit = options.inlineLimit ?? DEFAULT_INLINE_LIMIT;
  const files = new Map<string, string | Buffer>(result.bodyFiles);
  const endpoints = (result.config.endpoints ?? []).map((e) => withBodyFiles(e, limit, files, options.bodyDir));
  const config: Config = { ...result.config, endpoints };
  const doc = new Document(config, { aliasDuplicateObjects: false });
  doc.commentBefore = headerOf(result, options, endpoints.length);
  const text = doc.toString({ lineWidth: 0 });
  return { text, bodyFiles: files, config };
}
