// Run by scripts/bundle-cli.mjs in a process of its own: writes V8's code cache for the bundled
// config validator (src/config/require-with-code-cache.ts says why), after validating the example
// configs with it, so that the validator's functions a start calls are in the cache compiled. The
// CLI's V8 flags are set first, as bin/mimicus.js sets them: V8 rejects a cache made under others.
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { V8_FLAGS } from '../bin/v8-flags.js';

for (const flag of V8_FLAGS) setFlagsFromString(flag);

const { loadConfigFile } = await import('../dist/config/index.js');
const { CONFIG_VALIDATOR_CODE_CACHE_FILE, CONFIG_VALIDATOR_FILE } = await import('../dist/config/config-validator-source.js');
const { writeCodeCache } = await import('../dist/config/require-with-code-cache.js');

const examples = new URL('../examples/', import.meta.url);
const configs = [];
for (const name of readdirSync(examples).filter((file) => file.endsWith('.yaml'))) {
  const loaded = await loadConfigFile(new URL(name, examples).pathname, { env: {} });
  if (!loaded.ok) throw new Error(`write-validator-code-cache: examples/${name} is not valid: ${JSON.stringify(loaded.error)}`);
  configs.push(loaded.value.config);
}

const bundle = new URL('../dist/bundle/', import.meta.url);
writeCodeCache(new URL(CONFIG_VALIDATOR_FILE, bundle).pathname, new URL(CONFIG_VALIDATOR_CODE_CACHE_FILE, bundle).pathname, (validate) => {
  for (const config of configs) if (!validate(structuredClone(config))) throw new Error('write-validator-code-cache: the bundled validator refused an example');
});
