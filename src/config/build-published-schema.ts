import { ConfigSchema } from './schema.js';

/** The JSON Schema dialect of the published schema: draft-07 has the widest editor support. */
const DIALECT = 'http://json-schema.org/draft-07/schema#';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Builds the config JSON Schema for editors (`$schema:` in a YAML file) and for Ajv from
 * {@link ConfigSchema}: plain JSON, with the Config definition at the root and references as
 * `#/$defs/Name` pointers, which every JSON Schema tool resolves. Only the schema generator and its
 * drift test call this: at run time the committed file is read instead (published-schema.ts), so
 * a running Mimicus never loads TypeBox (about 20 MB of resident memory).
 */
export function buildPublishedSchema(): Record<string, Json> {
  const plain = JSON.parse(JSON.stringify(ConfigSchema)) as { $id: string; title: string; $defs: Record<string, Json> };
  const { Config, ...definitions } = plain.$defs;
  return {
    $schema: DIALECT,
    $id: plain.$id,
    title: plain.title,
    ...(asPointers(Config) as Record<string, Json>),
    $defs: asPointers(definitions),
  };
}

/**
 * TypeBox's cyclic schema names definitions by bare `$id`s (`"$ref": "Predicate"`), which only
 * resolve against the base URI; pointers work everywhere, so the ids go and refs become pointers.
 */
function asPointers(node: Json | undefined): Json {
  if (Array.isArray(node)) return node.map(asPointers);
  if (node === null || typeof node !== 'object') return node ?? null;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id') continue;
    out[key] = key === '$ref' && typeof value === 'string' ? `#/$defs/${value}` : asPointers(value);
  }
  return out;
}

/** {@link buildPublishedSchema} as committed in schema/mimicus.schema.json: two-space JSON and a final newline. */
export function publishedSchemaText(): string {
  return `${JSON.stringify(buildPublishedSchema(), null, 2)}\n`;
}
