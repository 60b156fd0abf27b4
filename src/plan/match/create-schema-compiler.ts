import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { linearRegExp } from './linear-reg-exp.js';

// Ajv and its formats are loaded on the first schema (a start without one pays nothing for them).
const require = createRequire(import.meta.url);
const newAjv = (): Ajv => {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;
  return addFormats(new AjvClass({ allErrors: false, strict: false, logger: false, code: { regExp: linearRegExp } }));
};

export type SchemaCheck = (value: unknown) => boolean;

export interface SchemaCompiler {
  /** Compiles a JSON Schema once; the message says why a schema is unusable. */
  compile(schema: Record<string, unknown>): { ok: true; check: SchemaCheck } | { ok: false; message: string };
}

/**
 * One Ajv instance for every `jsonSchema` predicate of a plan, created on first use so plans
 * without schemas pay nothing. One per plan (not per process): Ajv keeps every compiled schema,
 * and a schema `$id` may be declared only once per instance, so a process-wide instance would
 * grow with every hot reload and refuse the second load of a config that uses `$id`.
 */
export function createSchemaCompiler(): SchemaCompiler {
  let ajv: Ajv | null = null;
  return {
    compile(schema) {
      ajv ??= newAjv();
      try {
        const validate: ValidateFunction = ajv.compile(schema);
        return { ok: true, check: (value) => checkWithinStack(validate, value) };
      } catch (error) {
        return { ok: false, message: `invalid JSON Schema: ${(error as Error).message}` };
      }
    },
  };
}

/**
 * A recursive schema recurses as deep as the document: 100,000 nested arrays in a request body
 * overflow the stack. Such a document does not match (the request may still match another
 * endpoint or get the 404), rather than failing the request with a 500.
 */
function checkWithinStack(validate: ValidateFunction, value: unknown): boolean {
  try {
    return validate(value);
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}
