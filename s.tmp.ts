import { readFileSync, readdirSync } from 'node:fs';
import { importOpenApi } from './src/import/openapi/index.js';
const dir = 'test/corpus/openapi/';
for (const name of readdirSync(dir).filter((n) => !n.endsWith('.md'))) {
  const r = importOpenApi({ main: { path: name, text: readFileSync(dir + name, 'utf8') }, files: new Map(), seed: 42, options: {} });
  if (!r.ok) { console.log(name, r.error); continue; }
  console.log(name, JSON.stringify(r.value.details));
  for (const b of r.value.warnings.filter((w) => w.message.startsWith('generated body does not'))) console.log('   ', b.source, b.message.slice(0, 300));
}
