import { Ajv, type ValidateFunction } from 'ajv';
import { publishedSchema } from './published-schema.js';
import { reduceAjvErrors } from './reduce-ajv-errors.js';
import type { ConfigIssue } from './result.js';

interface Compiled {
  validate: ValidateFunction;
  schema: Record<string, unknown>;
}

let compiled: Compiled | undefined;

/** Ajv is compiled once per process, on first use, from the same JSON Schema we publish. */
function compiledSchema(): Compiled {
  if (compiled) return compiled;
  const schema = publishedSchema();
  // verbose: the reducer needs each failing node (parentSchema) and value (data) to pick branches.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, logger: false });
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  compiled = { validate: ajv.compile(schema), schema };
  return compiled;
}

/** Checks `raw` against the config schema; every problem, as human-sized issues without locations. */
export function validateSchema(raw: unknown): ConfigIssue[] {
  const { validate, schema } = compiledSchema();
  if (validate(raw)) return [];
  return reduceAjvErrors(validate.errors ?? [], schema, raw);
}
