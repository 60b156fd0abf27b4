/** Regenerates schema/mimicus.schema.json from the TypeBox schema: `npm run schema`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishedSchemaText } from './build-published-schema.js';

const target = fileURLToPath(new URL('../../schema/mimicus.schema.json', import.meta.url));
writeFileSync(target, publishedSchemaText());
process.stdout.write(`wrote ${target}\n`);
