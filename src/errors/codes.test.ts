import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from './codes.js';

describe('error catalog', () => {
  const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

  it.each(Object.entries(errorCodes))('documents %s with its status in docs/errors.md', (code, { status }) => {
    const section = docs.split(`\n## ${code}\n`)[1];
    expect(section, `docs/errors.md has no "## ${code}" section`).toBeDefined();
    expect(section!.split('\n## ')[0]).toContain(`Status ${status}.`);
  });

  it('documents no code that the catalog lacks', () => {
    const documented = [...docs.matchAll(/^## ([A-Z_]+)$/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCodes).sort());
  });
});
