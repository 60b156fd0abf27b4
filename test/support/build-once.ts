import { execFileSync } from 'node:child_process';

/**
 * vitest globalSetup: the CLI tests run the built CLI (bin/mimicus.js -> dist/), as users do, so
 * compile once before the run; a stale dist/ would test old code. The web console is built too
 * (into dist/web/): the browser tests load it from the admin listener.
 */
export default function buildOnce(): void {
  // While iterating on modules that the CLI tests do not cover, `MIMICUS_TEST_NO_BUILD=1` skips this.
  if (process.env.MIMICUS_TEST_NO_BUILD === '1') return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  // As `npm run build` does: the config validator compiled to code, so the CLI starts as shipped.
  execFileSync(process.execPath, ['scripts/build-config-validator.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
