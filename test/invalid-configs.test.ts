import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadConfigFile } from '../src/config/index.js';

// Each NAME.yaml / NAME.json here is refused with exactly the lines of NAME.expected.txt.
// Files under parts/ are fragments the cases include.
const dir = join(import.meta.dirname, 'fixtures', 'invalid');
const env = { PORT: '8080' };
const cases = readdirSync(dir)
  .filter((name) => /\.(ya?ml|json)$/.test(name))
  .sort();

describe('invalid configs are refused with every problem, located', () => {
  it('has a corpus of at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (name) => {
    const expected = readFileSync(join(dir, name.replace(/\.(ya?ml|json)$/, '.expected.txt')), 'utf8').trimEnd();
    const result = await loadConfigFile(join(dir, name), { env });
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.error.map((issue) => formatIssue(issue, { cwd: dir }));
    expect(lines.join('\n')).toBe(expected);
  });
});
