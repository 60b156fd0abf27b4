// The latency sampler the fidelity baseline and the harness share: Mimicus's own compileLatency and
// createRandom, loaded from the built dist/distributions, so both sides sample the very same code.
// Plain JavaScript so the bare server runs under plain `node`. `npm run bench` builds dist first.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const distDistributions = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist', 'distributions', 'index.js');

/**
 * Compiles a latency config (as written in YAML: `{ lognormal: { median: "100ms", sigma: 0.5 } }`)
 * and a seeded PRNG. Throws with a clear message when dist is missing or the config is refused.
 */
export async function loadLatencySampler(config, seed) {
  if (!existsSync(distDistributions)) throw new Error('dist/distributions is not built: run `npm run build` first');
  const module = await import(pathToFileURL(distDistributions).href);
  const compiled = module.compileLatency(config, 'bench');
  if (!compiled.ok) throw new Error(`compileLatency refused ${JSON.stringify(config)}: ${JSON.stringify(compiled.error)}`);
  return { sampler: compiled.value, random: module.createRandom(seed), source: 'dist', note: undefined };
}
