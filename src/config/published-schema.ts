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
  text ??= readFileSync(SCHEMA_FILE, 'utf8');
  return JSON.parse(text) as Record<string, Json>;
}
