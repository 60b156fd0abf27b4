import schemaText from '../../../schema/mimicus.schema.json?raw';

let parsed: Record<string, unknown> | undefined;

/** The published config schema, bundled with the console and parsed once, when first needed. */
export function publishedSchema(): Record<string, unknown> {
  parsed ??= JSON.parse(schemaText) as Record<string, unknown>;
  return parsed;
}
