import { Ajv, type ValidateFunction } from 'ajv';
import { reduceAjvErrors } from '../../../src/config/reduce-ajv-errors.js';

/** A schema problem of one endpoint (or upstream), at its path inside it (`response.status`), as the server words it. */
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
  return createItemValidator(published, published.$defs as Record<string, unknown>, 'Endpoint');
}

/** The same for one item of `upstreams:` (the schema of the list's items, its `upstreams[i].` left off). */
export function createUpstreamValidator(published: Record<string, unknown>): (upstream: unknown) => SchemaIssue[] {
  const upstreams = (published.properties as Record<string, { items: unknown }>).upstreams!;
  return createItemValidator(published, { ...(published.$defs as Record<string, unknown>), Upstream: upstreams.items }, 'Upstream');
}

function createItemValidator(published: Record<string, unknown>, defs: Record<string, unknown>, root: string): (item: unknown) => SchemaIssue[] {
  const schema: Record<string, unknown> = { $schema: published.$schema, $defs: defs, $ref: `#/$defs/${root}` };
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, logger: false });
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  const validate: ValidateFunction = ajv.compile(schema);
  return (item) => {
    if (validate(item)) return [];
    return reduceAjvErrors(validate.errors ?? [], schema, item).map(({ path, message }) => ({ path, message }));
  };
}
