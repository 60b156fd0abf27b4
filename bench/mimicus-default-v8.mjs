// The CLI without bin/mimicus.js's V8 flag (allocation-site pretenuring stays on, as in a plain
// `node` process that embeds createMimicus): the baseline that flag is measured against.
//   A_BIN=bin/mimicus.js B_BIN=bench/mimicus-default-v8.mjs bench/cpu-per-request.sh x.yaml x.yaml
await import('../dist/cli/main.js');
