/**
 * Regenerates schema/mimicus.schema.json from the TypeBox schema:
 * `npx tsx src/config/write-schema.ts` (until `npm run schema` has its CLI command).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishedSchemaText } from './published-schema.js';

const target = fileURLToPath(new URL('../../schema/mimicus.schema.json', import.meta.url));
writeFileSync(target, publishedSchemaText());
process.stdout.write(`wrote ${target}\n`);
