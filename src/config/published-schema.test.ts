import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildPublishedSchema, publishedSchemaText } from './build-published-schema.js';
import { publishedSchema } from './published-schema.js';

describe('publishedSchema', () => {
  it('is what schema/mimicus.schema.json holds', () => {
    const committed = readFileSync(new URL('../../schema/mimicus.schema.json', import.meta.url), 'utf8');
    // On failure: the TypeBox schema changed; regenerate the file with `npm run schema` and commit it.
    expect(committed, 'schema/mimicus.schema.json is stale: run `npm run schema` and commit it').toBe(publishedSchemaText());
    expect(publishedSchema()).toEqual(buildPublishedSchema());
  });

  it('is draft-07 with pointer references only, which plain Ajv compiles', () => {
    const schema = publishedSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const refs = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.every((ref) => ref.startsWith('"$ref":"#/$defs/'))).toBe(true);
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(schema, { version: 2, endpoints: [{ id: 'a', path: '/a', response: {} }] })).toBe(true);
  });
});
