#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { loadCliBundle } from './load-cli-bundle.js';
import { V8_FLAGS } from './v8-flags.js';

for (const flag of V8_FLAGS) setFlagsFromString(flag);

// The CLI runs from the compiled output, bundled into one script (scripts/bundle-cli.mjs) and
// compiled from V8's code cache (load-cli-bundle.js); `npm ci` builds it (the prepare script).
const bundle = new URL('../dist/bundle/', import.meta.url);
await loadCliBundle(new URL('cli.js', bundle).pathname, new URL('cli.v8cache', bundle).pathname).exports.runCli();
