import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './format-issue.js';
import { loadConfigFile } from './load-config-file.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimicus-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const endpoint = (id: string) => `  - { id: ${id}, path: /${id}, response: { status: 200 } }\n`;

describe('loadConfigFile', () => {
  it('appends included endpoints in order and remembers who declared each', async () => {
    const dir = project({
      'mimicus.yaml': `version: 2\ninclude: [parts/users.yaml, "more/*.yaml"]\nserver:\n  port: \${PORT:-8080}\nendpoints:\n${endpoint('root')}`,
      'parts/users.yaml': `include: [nested.json]\nendpoints:\n${endpoint('users')}`,
      'parts/nested.json': '{ "version": 2, "endpoints": [ { "id": "nested", "path": "/n", "response": {} } ] }',
      'more/b.yaml': `endpoints:\n${endpoint('b')}`,
      'more/a.yaml': `endpoints:\n${endpoint('a')}`,
    });
    const result = await loadConfigFile(join(dir, 'mimicus.yaml'), { env: {} });
    if (!result.ok) throw new Error(result.error.map((i) => formatIssue(i)).join('\n'));
    const loaded = result.value;
    expect(loaded.config.endpoints?.map((e) => e.id)).toEqual(['root', 'users', 'nested', 'a', 'b']);
    expect(loaded.config.server).toEqual({ port: 8080 });
    expect(loaded.file).toBe(join(dir, 'mimicus.yaml'));
    expect(loaded.files).toEqual(['mimicus.yaml', 'parts/users.yaml', 'parts/nested.json', 'more/a.yaml', 'more/b.yaml'].map((f) => join(dir, f)));
    expect(loaded.endpointBaseDirs).toEqual([dir, join(dir, 'parts'), join(dir, 'parts'), join(dir, 'more'), join(dir, 'more')]);
    expect(loaded.locate('endpoints[3].response.status')).toEqual({ file: join(dir, 'more/a.yaml'), line: 2, column: 36 });
    expect(loaded.locate('endpoints[2].id')).toEqual({ file: join(dir, 'parts/nested.json'), line: 1, column: 34 });
    // A path that was never written resolves to its nearest written ancestor.
    expect(loaded.locate('endpoints[1].response.headers')).toEqual({ file: join(dir, 'parts/users.yaml'), line: 3, column: 32 });
    expect(loaded.locate('server.port')).toEqual({ file: join(dir, 'mimicus.yaml'), line: 4, column: 3 });
  });

  it('lets a fragment own server when the main file does not set it', async () => {
    const dir = project({ 'm.yaml': 'version: 2\ninclude: [s.yaml]\n', 's.yaml': 'server:\n  port: 9\n' });
    const result = await loadConfigFile(join(dir, 'm.yaml'), { env: {} });
    expect(result.ok && result.value.config.server).toEqual({ port: 9 });
    expect(result.ok && result.value.locate('server.port')).toEqual({ file: join(dir, 's.yaml'), line: 2, column: 3 });
  });

  it('does not read a file twice, and a glob skips the including file', async () => {
    const dir = project({
      'main.yaml': `version: 2\ninclude: [a.yaml, "*.yaml"]\nendpoints:\n${endpoint('m')}`,
      'a.yaml': `endpoints:\n${endpoint('a')}`,
      'b.yaml': `endpoints:\n${endpoint('b')}`,
    });
    const result = await loadConfigFile(join(dir, 'main.yaml'), { env: {} });
    expect(result.ok && result.value.config.endpoints?.map((e) => e.id)).toEqual(['m', 'a', 'b']);
  });

  it('places an issue of a merged endpoint in the fragment that declared it', async () => {
    const dir = project({
      'm.yaml': `version: 2\ninclude: [f.yaml]\nendpoints:\n${endpoint('x')}`,
      'f.yaml': `endpoints:\n${endpoint('y')}${endpoint('x')}`,
    });
    const result = await loadConfigFile(join(dir, 'm.yaml'), { env: {} });
    expect(result.ok ? [] : result.error.map((issue) => formatIssue(issue, { cwd: dir }))).toEqual([
      'endpoints[2].id: duplicate endpoint id "x" (f.yaml:3:7; see also m.yaml:4:7)',
    ]);
  });

  it('says when the file cannot be read', async () => {
    const result = await loadConfigFile('/nonexistent/mimicus.yaml');
    expect(result).toEqual({ ok: false, error: [{ path: '', message: 'config file "/nonexistent/mimicus.yaml" does not exist' }] });
  });
});
