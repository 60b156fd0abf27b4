import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the harness finds things, independent of the working directory. */
export const benchDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = dirname(benchDir);
export const resultsDir = join(benchDir, 'results');
export const bareServerScript = join(benchDir, 'bare-server.mjs');
export const fastifyServerScript = join(benchDir, 'fastify-server.mjs');
export const fidelityServerScript = join(benchDir, 'fidelity-server.mjs');
export const defaultMimicusBin = join(repoRoot, 'bin', 'mimicus.js');
