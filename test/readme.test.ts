import { readFileSync } from 'node:fs';
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

  it('gives the two set-up commands', () => {
    expect(README).toContain('npm ci && npm start');
    expect(README).toContain('npm ci && npm test');
  });
});
