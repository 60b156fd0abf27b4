/**
 * Per corpus file: endpoints, warnings, skipped items and import time (median of 5 runs), for the
 * WireMock, Mockoon, mountebank, Postman and HAR importers. Run: npx tsx test/corpus/report-figures.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfigObject } from '../../src/config/index.js';
import type { Importer } from '../../src/import/index.js';
import { harImporter } from '../../src/import/har/index.js';
import { mockoonImporter } from '../../src/import/mockoon/index.js';
import { mountebankImporter } from '../../src/import/mountebank/index.js';
import { postmanImporter } from '../../src/import/postman/index.js';
import { wiremockImporter } from '../../src/import/wiremock/index.js';

const formats: [string, Importer][] = [
  ['wiremock', wiremockImporter],
  ['mockoon', mockoonImporter],
  ['mountebank', mountebankImporter],
  ['postman', postmanImporter],
  ['har', harImporter],
];
console.log('| file | endpoints (enabled) | warnings | skipped | valid | import ms (median of 5) |');
console.log('|---|---|---|---|---|---|');
for (const [format, importer] of formats) {
  const dir = join(import.meta.dirname, format);
  for (const name of readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const times: number[] = [];
    let result: ReturnType<Importer['run']> | undefined;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      result = importer.run({ main: { path: name, text }, files: new Map(), seed: 1, options: {} });
      times.push(performance.now() - started);
    }
    if (!result?.ok) {
      console.log(`| ${format}/${name} | error | | | | |`);
      continue;
    }
    const endpoints = result.value.config.endpoints ?? [];
    const enabled = endpoints.filter((e) => e.enabled !== false).length;
    const valid = validateConfigObject(result.value.config).ok;
    const median = times.sort((a, b) => a - b)[2]!;
    console.log(
      `| ${format}/${name} | ${endpoints.length} (${enabled}) | ${result.value.warnings.length} | ${result.value.skipped.length} | ${valid ? 'yes' : 'NO'} | ${median.toFixed(1)} |`,
    );
  }
}
