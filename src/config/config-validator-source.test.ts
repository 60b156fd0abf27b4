import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { transformSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileConfigValidator } from './config-ajv.js';
import { configValidatorSource } from './config-validator-source.js';
import { hashText } from './hash-text.js';
import { publishedSchema, publishedSchemaText } from './published-schema.js';

mkdirSync(new URL('../../node_modules/.cache/', import.meta.url), { recursive: true });
// Inside the checkout: the generated code requires Ajv's runtime helpers from node_modules.
const dir = mkdtempSync(join(fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url)), 'mimicus-validator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const endpoint = (fields: Record<string, unknown>) => ({ version: 2, endpoints: [{ id: 'a', path: '/a', response: {}, ...fields }] });
const configs: unknown[] = [
  parse(readFileSync(new URL('../../examples/quickstart.yaml', import.meta.url), 'utf8').replace('${PORT:-8080}', '8080')),
  endpoint({ respnse: {} }),
  endpoint({ response: { status: 700 } }),
  endpoint({ latency: { lognormal: { median: 'soon', sigma: -1 } }, errors: [{ rate: 2, status: 'x' }] }),
  { version: 2, server: { colour: 'red', port: 'eighty' }, endpoints: 'none' },
  { version: 2, upstreams: [{ id: 'u', targets: [{ url: 7 }] }], endpoints: [{ id: 'p', path: '/p', proxy: { upstream: 'u', timeout: [] } }] },
];

describe('the prebuilt config validator (Ajv standalone code written by the build)', () => {
  const text = publishedSchemaText();
  const file = join(dir, 'config-validator.cjs');
  writeFileSync(file, configValidatorSource(text));
  const prebuilt = createRequire(import.meta.url)(file) as ValidateFunction & { schemaHash: string };
  const compiled = compileConfigValidator(publishedSchema()).validate;

  it('is stamped with the hash of the schema text it was compiled from', () => {
    expect(prebuilt.schemaHash).toBe(hashText(text));
  });

  it('answers as the validator compiled at start does: the same verdict and the same errors, valid and invalid configs alike', () => {
    for (const config of configs) {
      const verdict = compiled(config);
      expect(prebuilt(config)).toBe(verdict);
      expect(prebuilt.errors ?? null).toEqual(compiled.errors ?? null);
    }
    expect(compiled(configs[0])).toBe(true);
    expect(compiled(configs[3])).toBe(false);
  });
});

describe('the prebuilt config validator as the build writes it, minified (scripts/build-config-validator.mjs)', () => {
  const text = publishedSchemaText();
  const file = join(dir, 'config-validator.min.cjs');
  // The build script's options: minified names must not change what Ajv's code answers.
  writeFileSync(file, transformSync(configValidatorSource(text), { minify: true, format: 'cjs', platform: 'node', target: 'node20' }).code);
  const prebuilt = createRequire(import.meta.url)(file) as ValidateFunction & { schemaHash: string };
  const compiled = compileConfigValidator(publishedSchema()).validate;

  it('keeps its stamp and answers as the validator compiled at start does', () => {
    expect(prebuilt.schemaHash).toBe(hashText(text));
    for (const config of configs) {
      const verdict = compiled(config);
      expect(prebuilt(config)).toBe(verdict);
      expect(prebuilt.errors ?? null).toEqual(compiled.errors ?? null);
    }
  });
});
