/**
 * The V8 flags the CLI sets at run time (bin/mimicus.js), before anything is loaded. A V8 code
 * cache is accepted only by a process with the same flags, so the build writes the config
 * validator's cache with these set too (scripts/write-validator-code-cache.mjs).
 *
 * `--no-allocation-site-pretenuring`: V8 "pretenures" an allocation site once most of its objects
 * outlive a young-generation GC, and never takes that back. The request journal's ring (and its
 * persistence queue) keeps the last requests alive, so at the start of a load test the
 * per-request objects' sites were pretenured: every request's garbage then went to the old
 * generation, scavenges took 5-7 ms instead of under 1, and a templated endpoint served ~30k
 * instead of ~45k requests a second (see docs/observability.md, "The journal and the garbage
 * collector"). Set before anything is loaded, so no site has been decided yet.
 */
export const V8_FLAGS = ['--no-allocation-site-pretenuring'];
