import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { compileConfigValidator } from './config-ajv.js';
import { CONFIG_VALIDATOR_CODE_CACHE_FILE, CONFIG_VALIDATOR_FILE } from './config-validator-source.js';
import { hashText } from './hash-text.js';
import { publishedSchema, publishedSchemaText } from './published-schema.js';
import { reduceAjvErrors } from './reduce-ajv-errors.js';
import { requireWithCodeCache } from './require-with-code-cache.js';
import type { ConfigIssue } from './result.js';

let quick: ValidateFunction | undefined;
let forErrors: { validate: ValidateFunction; schema: Record<string, unknown> } | undefined;

/**
 * The validator `npm run build` wrote beside this file (scripts/build-config-validator.mjs), when
 * it was compiled from the schema served now; undefined otherwise (running from src/, or a
 * schema changed since the build). The bundled CLI finds V8's code cache for it there too
 * (scripts/bundle-cli.mjs).
 */
function prebuiltValidator(schemaText: string): ValidateFunction | undefined {
  let prebuilt: { schemaHash?: unknown } & ValidateFunction;
  try {
    const file = fileURLToPath(new URL(`./${CONFIG_VALIDATOR_FILE}`, import.meta.url));
    const cacheFile = fileURLToPath(new URL(`./${CONFIG_VALIDATOR_CODE_CACHE_FILE}`, import.meta.url));
    prebuilt = requireWithCodeCache(file, cacheFile).exports as typeof prebuilt;
  } catch {
    return undefined;
  }
  return prebuilt.schemaHash === hashText(schemaText) ? prebuilt : undefined;
}

/**
 * Ajv compiled at run time, once per process, from the same JSON Schema we publish. The error
 * reducer finds each error's schema node in the very object Ajv compiled (by identity), which
 * the prebuilt code's copies are not: so errors always come from this one.
 */
function compiledForErrors(): { validate: ValidateFunction; schema: Record<string, unknown> } {
  if (forErrors) return forErrors;
  const schema = publishedSchema();
  forErrors = { validate: compileConfigValidator(schema).validate, schema };
  return forErrors;
}

/** What a valid config is checked with: the prebuilt validator when there is one (no Ajv compile at start). */
function quickValidator(): ValidateFunction {
  quick ??= prebuiltValidator(publishedSchemaText()) ?? compiledForErrors().validate;
  return quick;
}

/** Checks `raw` against the config schema; every problem, as human-sized issues without locations. */
export function validateSchema(raw: unknown): ConfigIssue[] {
  if (quickValidator()(raw)) return [];
  // An invalid config (rare, and not on a start's path) pays for the compile to be told why.
  const { validate, schema } = compiledForErrors();
  if (validate(raw)) return [];
  return reduceAjvErrors(validate.errors ?? [], schema, raw);
}
