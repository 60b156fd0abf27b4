import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMimicus } from '../../src/index.js';
import { readImportSource, runImport } from '../../src/import/index.js';
import { SchemaBundler, type SpecVersion } from '../../src/import/openapi/bundle-schema.js';
import { basePathOf } from '../../src/import/openapi/openapi-importer.js';
import { isJsonMedia, producesOf, readResponse } from '../../src/import/openapi/read-response.js';
import { isObject, RefResolver } from '../../src/import/openapi/resolve-refs.js';
import { createOpenApiAjv } from '../../src/plan/index.js';

const CORPUS = join(import.meta.dirname, '../corpus/openapi');
const files = readdirSync(CORPUS)
  .filter((name) => /\.(json|ya?ml)$/.test(name))
  .sort();
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Row {
  file: string;
  operations: number;
  endpoints: number;
  warnings: number;
  importMs: number;
  served: number;
  validated: number;
  generated: number;
  generatedValid: number;
}
const rows: Row[] = [];

afterAll(() => {
  // The measurements the issue asks for, per corpus file (docs/importers.md quotes them).
  const lines = rows.map(
    (r) =>
      `${r.file.padEnd(45)} ops ${String(r.operations).padStart(4)}  endpoints ${String(r.endpoints).padStart(5)}  warnings ${String(r.warnings).padStart(4)}  import ${String(r.importMs).padStart(5)} ms  ` +
      `responses valid ${r.validated}/${r.served}  generated valid ${r.generatedValid}/${r.generated}`,
  );
  process.stdout.write(`\nOpenAPI corpus:\n${lines.join('\n')}\n`);
});

/** `2XX` → 200; `default` → 200 alone, else 500 (as the importer maps them). */
function statusOf(key: string, onlyDefault: boolean): number | undefined {
  if (key === 'default') return onlyDefault ? 200 : 500;
  if (/^[1-5]XX$/i.test(key)) return Number(key[0]) * 100;
  const n = Number(key);
  return Number.isInteger(n) ? n : undefined;
}

describe('the OpenAPI corpus', () => {
  for (const file of files) {
    it(`imports and serves ${file}; every documented status answers, generated bodies validate`, async () => {
      const started = performance.now();
      const read = await readImportSource(join(CORPUS, file));
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      const outcome = runImport(read.value, { format: 'auto' });
      const importMs = Math.round(performance.now() - started);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error.slice(0, 5)));
      const result = outcome.value;
      expect(result.format).toBe('openapi');
      const generatedSources = new Set(result.warnings.filter((w) => w.message === 'no example; body generated from schema').map((w) => w.source));

      const mimicus = await createMimicus(result.config, { dataDir: false, admin: false });
      await mimicus.listen(0, '127.0.0.1');
      const row: Row = {
        file,
        operations: Number(result.details?.operations ?? 0),
        endpoints: result.config.endpoints?.length ?? 0,
        warnings: result.warnings.length,
        importMs,
        served: 0,
        validated: 0,
        generated: 0,
        generatedValid: 0,
      };
      try {
        const document = read.value.document as Record<string, unknown>;
        const version: SpecVersion = document.swagger !== undefined ? '2.0' : String(document.openapi).startsWith('3.1') ? '3.1' : '3.0';
        const resolver = new RefResolver(document, '', read.value.files);
        const bundler = new SchemaBundler(resolver, version);
        const ajv = createOpenApiAjv(false);
        const base = basePathOf(document, []);
        const skipped = new Set(result.skipped.map((s) => s.source));
        for (const [rawPath, rawItem] of Object.entries(isObject(document.paths) ? document.paths : {})) {
          const item = resolver.deref(rawItem, '');
          if (!item || !isObject(item.node)) continue;
          for (const method of METHODS) {
            const operation = item.node[method];
            if (!isObject(operation) || skipped.has(`paths.${rawPath}.${method}`)) continue;
            const responses = isObject(operation.responses) ? operation.responses : {};
            const keys = Object.keys(responses);
            const seen = new Set<number>();
            for (const key of keys) {
              const status = statusOf(key, keys.length === 1 && keys[0] === 'default');
              if (status === undefined || seen.has(status)) continue;
              seen.add(status);
              const url = `${mimicus.url}${base}${rawPath.split('#')[0]}`.replace(/\{[^}]*\}/g, '1');
              const response = await fetch(url, { method: method.toUpperCase(), headers: { prefer: `code=${status}` }, redirect: 'manual' });
              const text = await response.text();
              expect(response.status, `${method.toUpperCase()} ${rawPath} Prefer: code=${status}`).toBe(status);
              const doc = readResponse(responses[key], item.base, version, resolver, producesOf(operation, document));
              if (doc.schema === undefined || !isJsonMedia(doc.mediaType) || method === 'head') continue;
              row.served++;
              const validate = ajv.compile(bundler.bundle(doc.schema.node, doc.schema.base, 'response', key));
              const valid = validate(text === '' ? null : JSON.parse(text));
              if (valid) row.validated++;
              if (generatedSources.has(`paths.${rawPath}.${method}.responses.${key}`)) {
                row.generated++;
                if (valid) row.generatedValid++;
                else throw new Error(`${method} ${rawPath} ${key}: generated body does not validate: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
              }
            }
          }
        }
      } finally {
        await mimicus.close();
      }
      rows.push(row);
      expect(row.generatedValid).toBe(row.generated);
    }, 240_000);
  }
});
