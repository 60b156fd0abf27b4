import { createUpstreamValidator, type SchemaIssue } from './endpoint-validator.ts';
import { publishedSchema } from './published-schema.ts';

let validator: ((upstream: unknown) => SchemaIssue[]) | undefined;

/** Checks one upstream against the published config schema, in the browser and at once (the server's words and paths). */
export function validateUpstream(upstream: unknown): SchemaIssue[] {
  validator ??= createUpstreamValidator(publishedSchema());
  return validator(upstream);
}

/** How an upstream may balance, as the schema lists it: each named algorithm, and the keyed ones (`consistent-hash`). */
export function balanceAlgorithms(): { named: string[]; keyed: string[] } {
  const upstreams = (publishedSchema().properties as Record<string, { items: { properties: Record<string, { anyOf: Record<string, unknown>[] }> } }>).upstreams;
  const choices = upstreams?.items.properties.balance?.anyOf ?? [];
  return {
    named: choices.flatMap((choice) => (typeof choice.const === 'string' ? [choice.const] : [])),
    keyed: choices.flatMap((choice) => (choice.type === 'object' ? Object.keys(choice.properties as object) : [])),
  };
}
