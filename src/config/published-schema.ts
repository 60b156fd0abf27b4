import { readFileSync } from 'node:fs';
import type { Json } from './build-published-schema.js';

const SCHEMA_FILE = new URL('../../schema/mimicus.schema.json', import.meta.url);
let text: string | undefined;

/**
 * The config JSON Schema as published in schema/mimicus.schema.json (generated from schema.ts by
 * `npm run schema`; a test fails when the two drift apart). Reading the generated file keeps
 * TypeBox out of a running process. Each call returns a fresh object.
 */
export function publishedSchema(): Record<string, Json> {
  return JSON.parse(publishedSchemaText()) as Record<string, Json>;
}

/** The text of schema/mimicus.schema.json, read once. */
export function publishedSchemaText(): string {
  text ??= readFileSync(SCHEMA_FILE, 'utf8');
  return text;
}
