import { createRequire } from 'node:module';
import { compileConfigValidator } from './config-ajv.js';
import { hashText } from './hash-text.js';

const require = createRequire(import.meta.url);

/** The prebuilt validator's file name, beside validate-schema.js in dist/config (written by `npm run build`). */
export const CONFIG_VALIDATOR_FILE = 'config-validator.cjs';

/** V8's code cache for it (require-with-code-cache.ts), beside it in dist/bundle (written by scripts/bundle-cli.mjs). */
export const CONFIG_VALIDATOR_CODE_CACHE_FILE = 'config-validator.v8cache';

/**
 * The config schema's validator as a CommonJS module (Ajv standalone code), stamped with the hash
 * of the schema text it was compiled from: validate-schema.ts uses it only when the hash matches
 * the schema it reads, so a stale file is never trusted. Compiling at start cost ~200 ms of a
 * 630-780 ms start (issue 19); loading this costs a few.
 */
export function configValidatorSource(schemaText: string): string {
  const { ajv, validate } = compileConfigValidator(JSON.parse(schemaText) as Record<string, unknown>, { source: true });
  const { default: standaloneCode } = require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
  return `${standaloneCode(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(hashText(schemaText))};\n`;
}
