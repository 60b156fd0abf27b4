import { Ajv, type ValidateFunction } from 'ajv';
import { reduceAjvErrors } from '../../../src/config/reduce-ajv-errors.js';

/** A schema problem of one endpoint, at its path inside the endpoint (`response.status`), as the server words it. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A validator of one endpoint from the published config schema: its `$defs` with `#/$defs/Endpoint` as the root,
 * compiled with the server's Ajv options (src/config/validate-schema.ts), and Ajv's errors turned into issues by
 * the server's own reducer, so both report the same problems at the same paths (the server's `endpoints[i].` left off).
 * Plain TypeScript with no bundler imports, so node tests compare it with the server.
 */
export function createEndpointValidator(published: Record<string, unknown>): (endpoint: unknown) => SchemaIssue[] {
  const schema: Record<string, unknown> = { $schema: published.$schema, $defs: published.$defs, $ref: '#/$defs/Endpoint' };
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, logger: false });
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  const validate: ValidateFunction = ajv.compile(schema);
  return (endpoint) => {
    if (validate(endpoint)) return [];
    return reduceAjvErrors(validate.errors ?? [], schema, endpoint).map(({ path, message }) => ({ path, message }));
  };
}
