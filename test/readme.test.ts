import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../src/app/index.js';
import { formatIssue } from '../src/config/index.js';
import { writeTempFiles } from './support/start-mimicus.js';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const yamlBlocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README', () => {
  it('has config examples', () => {
    expect(yamlBlocks.length).toBeGreaterThan(0);
  });

  it.each(yamlBlocks.map((block, i) => [i, block] as const))('config example %i loads and compiles', async (_i, block) => {
    const dir = writeTempFiles({ 'example.yaml': block });
    const result = await loadPlan(join(dir, 'example.yaml'), { env: {} });
    expect(result.ok ? [] : result.error.map((issue) => formatIssue(issue))).toEqual([]);
  });

  it('keeps every table whole: no blank line between two table rows', () => {
    expect(README).not.toMatch(/\n\|[^\n]*\|\n\n\|/);
  });

  it('links only to files a user has: nothing outside the repository', () => {
    const links = [...README.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!).filter((link) => !link.startsWith('http') && !link.startsWith('#'));
    for (const link of links) expect(existsSync(join(import.meta.dirname, '..', link.split('#')[0]!)), link).toBe(true);
    expect(README).not.toContain('../shared');
  });

  it('serves the quickstart read-only from npm start, and the container on all interfaces with its data in /data', () => {
    const root = join(import.meta.dirname, '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain('--no-write-back');
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    for (const line of dockerfile.split('\n').filter((text) => /docker run .* serve /.test(text))) {
      expect(line).toContain('--host 0.0.0.0');
      expect(line).toContain('--data-dir /data');
    }
    expect(dockerfile).toContain('CMD ["serve", "examples/quickstart.yaml", "--host", "0.0.0.0", "--data-dir", "/data", "--no-write-back"]');
    expect(readFileSync(join(root, '.dockerignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['.mimicus', '**/.mimicus']));
  });

  it('gives the two set-up commands', () => {
    expect(README).toContain('npm ci && npm start');
    expect(README).toContain('npm ci && npm test');
  });
});
