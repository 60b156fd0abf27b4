import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    // Hooks start and stop real servers and browser contexts; on two shared cores one browser
    // teardown once took over the default 10 s (the harness logs slow teardowns, with which half).
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/support/build-once.ts', 'test/support/temp-root.ts'],
    // The JSON report lets .ci/run print the plain "N passed, N failed" line CI reads.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
