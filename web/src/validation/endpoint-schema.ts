import { createEndpointValidator, type SchemaIssue } from './endpoint-validator.ts';
import { publishedSchema } from './published-schema.ts';

export type { SchemaIssue } from './endpoint-validator.ts';

let validator: ((endpoint: unknown) => SchemaIssue[]) | undefined;

/** Checks one endpoint against the published config schema (bundled with the console), in the browser and at once. */
export function validateEndpoint(endpoint: unknown): SchemaIssue[] {
  validator ??= createEndpointValidator(publishedSchema());
  return validator(endpoint);
}

/**
 * The issues of `issues` (the server's, at paths inside the endpoint) that are not schema issues of `endpoint`:
 * those the browser already shows live, so the server's answer adds only its semantic checks and conflicts.
 */
export function withoutSchemaIssues<T extends SchemaIssue>(issues: readonly T[], endpoint: unknown): T[] {
  const fromSchema = validateEndpoint(endpoint);
  return issues.filter((issue) => !fromSchema.some((found) => found.path === issue.path && found.message === issue.message));
}
