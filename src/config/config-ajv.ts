import { createRequire } from 'node:module';
import type { Ajv, CodeOptions, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/**
 * Compiles the config schema's validator with the options every caller shares (the runtime
 * fallback in validate-schema.ts and the build step that writes it as code). Ajv is loaded here,
 * on call: a build with the prebuilt validator never loads it (~130 ms of a start).
 */
export function compileConfigValidator(schema: Record<string, unknown>, code?: CodeOptions): { ajv: Ajv; validate: ValidateFunction } {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  // verbose: the reducer needs each failing node (parentSchema) and value (data) to pick branches.
  const ajv = new AjvClass({ allErrors: true, verbose: true, strict: true, logger: false, ...(code ? { code } : {}) });
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  return { ajv, validate: ajv.compile(schema) };
}
