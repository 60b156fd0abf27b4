#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { V8_FLAGS } from './v8-flags.js';

for (const flag of V8_FLAGS) setFlagsFromString(flag);

// The CLI runs from the compiled output, bundled (scripts/bundle-cli.mjs: a start loads a few
// chunks instead of ~700 files); `npm ci` builds it (the prepare script).
await import('../dist/bundle/main.js');
