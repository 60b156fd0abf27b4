import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ASSETS = 'dist/web/assets';
/** Issue 7's budget for the console: what a first load transfers, compressed. */
const BUDGET_BYTES = 400 * 1024;

describe('console bundle', () => {
  it('keeps its JavaScript and CSS within 400 KB gzipped', () => {
    const files = readdirSync(ASSETS).filter((name) => /\.(js|css)$/.test(name));
    expect(files.length).toBeGreaterThan(0);
    const gzippedBytes = files.reduce((sum, name) => sum + gzipSync(readFileSync(join(ASSETS, name)), { level: 9 }).length, 0);
    expect(gzippedBytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
