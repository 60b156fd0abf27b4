import { describe, expect, it } from 'vitest';
import { attachLocations } from './attach-locations.js';
import { formatIssue } from './format-issue.js';
import { sortIssues } from './sort-issues.js';

describe('formatIssue', () => {
  const location = { file: '/srv/app/mimicus.yaml', line: 42, column: 7 };

  it('writes path, message and location relative to cwd', () => {
    expect(formatIssue({ path: 'endpoints[3].response.status', message: 'must be an integer 100-599', location }, { cwd: '/srv/app' })).toBe(
      'endpoints[3].response.status: must be an integer 100-599 (mimicus.yaml:42:7)',
    );
  });

  it('adds related places, and keeps files outside cwd absolute', () => {
    const issue = {
      path: 'endpoints[5].id',
      message: 'duplicate endpoint id "x"',
      location,
      related: [{ path: 'endpoints[1].id', location: { file: '/srv/app/mimicus.yaml', line: 12, column: 5 } }, { path: 'endpoints[2].id' }],
    };
    expect(formatIssue(issue, { cwd: '/srv/app' })).toBe(
      'endpoints[5].id: duplicate endpoint id "x" (mimicus.yaml:42:7; see also mimicus.yaml:12:5; see also endpoints[2].id)',
    );
    expect(formatIssue({ path: '', message: 'invalid YAML: oops', location }, { cwd: '/elsewhere' })).toBe('invalid YAML: oops (/srv/app/mimicus.yaml:42:7)');
  });
});

describe('attachLocations', () => {
  it('fills locations of issues and related places from a locator', () => {
    const locate = (path: string) => (path.startsWith('endpoints[1]') ? { file: 'b.yaml', line: 3, column: 5 } : undefined);
    expect(attachLocations([{ path: 'endpoints[1].path', message: 'conflicts', related: [{ path: 'endpoints[1]' }, { path: 'x' }] }], { locate })).toEqual([
      {
        path: 'endpoints[1].path',
        message: 'conflicts',
        location: { file: 'b.yaml', line: 3, column: 5 },
        related: [{ path: 'endpoints[1]', location: { file: 'b.yaml', line: 3, column: 5 } }, { path: 'x' }],
      },
    ]);
  });
});

describe('sortIssues', () => {
  it('orders by file order, line and column, then unlocated issues by path', () => {
    const at = (file: string, line: number, column: number) => ({ file, line, column });
    const sorted = sortIssues(
      [
        { path: 'endpoints[10]', message: 'x' },
        { path: 'b', message: 'x', location: at('b.yaml', 1, 1) },
        { path: 'a2', message: 'x', location: at('a.yaml', 2, 9) },
        { path: 'endpoints[2]', message: 'x' },
        { path: 'a1', message: 'x', location: at('a.yaml', 2, 3) },
      ],
      ['a.yaml', 'b.yaml'],
    );
    expect(sorted.map((issue) => issue.path)).toEqual(['a1', 'a2', 'b', 'endpoints[2]', 'endpoints[10]']);
  });
});
