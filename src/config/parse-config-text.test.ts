import { describe, expect, it } from 'vitest';
import { formatIssue } from './format-issue.js';
import { parseConfigText } from './parse-config-text.js';

describe('parseConfigText', () => {
  it('reads a YAML text with env values and positions', () => {
    const result = parseConfigText('version: 2\nserver:\n  port: ${PORT}\n', { env: { PORT: '7070' } });
    expect(result.ok && result.value.config).toEqual({ version: 2, server: { port: 7070 } });
    expect(result.ok && result.value.files).toEqual([]);
    expect(result.ok && result.value.locate('server.port')).toEqual({ file: '<input>', line: 3, column: 3 });
  });

  it('reads JSON when told, or when the file name says so', () => {
    expect(parseConfigText('{"version": 2}', { format: 'json', env: {} }).ok).toBe(true);
    const result = parseConfigText('{"version": 2,}', { file: 'c.json', env: {} });
    expect(result.ok ? [] : result.error.map((issue) => formatIssue(issue))).toEqual([
      'invalid JSON: expected a double-quoted property name, found "}" (c.json:1:15)',
    ]);
  });

  it('refuses deep block or flow nesting before parsing, however often it is sent', () => {
    // ~1,000 levels once made V8 abort the process from inside the YAML parser (a regex compiled at
    // the bottom of its recursion) on the second parse; refused up front, it never gets there.
    const texts = [`${'- '.repeat(1000)}x`, Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), `${'['.repeat(999)}${']'.repeat(999)}`];
    for (let round = 0; round < 3; round++) {
      for (const text of texts) {
        const result = parseConfigText(text);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error[0]?.message).toBe('refused: maps and lists nest more than 64 levels deep');
      }
      // located where the guard stopped reading (level 257), not where a parsed document's check would (level 65)
      const indented = parseConfigText(texts[1] as string);
      expect(!indented.ok && indented.error[0]?.location).toEqual({ file: '<input>', line: 257, column: 257 });
      expect(parseConfigText(`[${'['.repeat(999)}1${']'.repeat(999)}]`, { format: 'json' }).ok).toBe(false);
    }
  });

  it('refuses includes, which need a file to resolve against', () => {
    const result = parseConfigText('version: 2\ninclude: [a.yaml]\n', { file: 'm.yaml', env: {} });
    expect(result.ok ? [] : result.error.map((issue) => formatIssue(issue))).toEqual([
      'include: includes are only followed when the config is loaded from a file (loadConfigFile) (m.yaml:2:1)',
    ]);
  });

  it('does not repeat an unset variable as a schema problem', () => {
    const result = parseConfigText('version: 2\nserver:\n  port: ${PORT}\n', { file: 'm.yaml', env: {} });
    expect(result.ok ? [] : result.error.map((issue) => formatIssue(issue))).toEqual([
      'server.port: environment variable PORT is not set (write ${PORT:-default} to give a default) (m.yaml:3:9)',
    ]);
  });
});
