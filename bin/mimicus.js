#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// V8 "pretenures" an allocation site once most of its objects outlive a young-generation GC, and
// never takes that back. The request journal's ring (and its persistence queue) keeps the last
// requests alive, so at the start of a load test the per-request objects' sites were pretenured:
// every request's garbage then went to the old generation, scavenges took 5-7 ms instead of
// under 1, and a templated endpoint served ~30k instead of ~45k requests a second (see
// docs/observability.md, "The journal and the garbage collector"). Set before anything is loaded,
// so no site has been decided yet.
setFlagsFromString('--no-allocation-site-pretenuring');

// The CLI runs from the compiled output, bundled (scripts/bundle-cli.mjs: a start loads a few
// chunks instead of ~700 files); `npm ci` builds it (the prepare script).
await import('../dist/bundle/main.js');
