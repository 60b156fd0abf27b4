import { describe, expect, it } from 'vitest';
import { matchPath } from './match-path.js';
import { parsePathTemplate, type PathTemplate } from './path-template.js';

const parse = (source: string): PathTemplate => {
  const result = parsePathTemplate(source, 'endpoints[0].path');
  if (!result.ok) throw new Error(result.error.map((issue) => issue.message).join('; '));
  return result.value;
};
const issuesOf = (source: string) => {
  const result = parsePathTemplate(source, 'endpoints[2].path');
  return result.ok ? [] : result.error;
};

describe('parsePathTemplate', () => {
  it('gives params positional router names so differently named templates share a registration', () => {
    expect(parse('/users/{id}').routerPath).toBe('/users/:p0');
    expect(parse('/users/{uid}').routerPath).toBe('/users/:p0');
    expect(parse('/users/{id:[0-9]+}/posts/{post}').routerPath).toBe('/users/:p0/posts/:p1');
    expect(parse('/users/{id}').paramNames).toEqual(['id']);
  });

  it('keeps constraints in the equivalence key but not names', () => {
    expect(parse('/users/{id}').equivalenceKey).toBe(parse('/users/{uid}').equivalenceKey);
    expect(parse('/users/{id}').equivalenceKey).not.toBe(parse('/users/*').equivalenceKey);
    expect(parse('/users/{id:[0-9]+}').equivalenceKey).not.toBe(parse('/users/{id}').equivalenceKey);
    expect(parse('/v/{a:[0-9]{3}}').equivalenceKey).not.toBe(parse('/v/{a:[0-9]{4}}').equivalenceKey);
  });

  it('ranks segments static > pattern > param > * > **', () => {
    expect(parse('/a/{id:[0-9]+}/{x}/*/**').ranks).toEqual([4, 3, 2, 1, 0]);
    expect(parse('/files/{name}.{ext}').segments[1]?.kind).toBe('pattern');
  });

  it('splits several params in one segment', () => {
    expect(matchPath(parse('/files/{name}.{ext}'), '/files/report.tar.gz')).toEqual({ name: 'report', ext: 'tar.gz' });
    expect(matchPath(parse('/files/{name}.{ext}'), '/files/.gz')).toBeNull();
    expect(matchPath(parse('/v{major:[0-9]+}/x'), '/v2/x')).toEqual({ major: '2' });
  });

  it('checks regex constraints against the whole segment', () => {
    const template = parse('/users/{id:[0-9]+}');
    expect(matchPath(template, '/users/42')).toEqual({ id: '42' });
    expect(matchPath(template, '/users/42a')).toBeNull();
    expect(matchPath(parse('/users/{id:^[0-9]+$}'), '/users/7')).toEqual({ id: '7' });
    // capturing groups in a constraint do not shift the params
    expect(matchPath(parse('/{kind:(cat|dog)}s/{name}'), '/dogs/rex')).toEqual({ kind: 'dog', name: 'rex' });
  });

  it('reads any character with a dot in a segment, line terminators included', () => {
    for (const terminator of ['\n', '\r', '\u2028', '\u2029']) {
      expect(matchPath(parse('/files/{name}.{ext}'), `/files/a${terminator}b.t${terminator}xt`)).toEqual({ name: `a${terminator}b`, ext: `t${terminator}xt` });
      expect(matchPath(parse('/d/{id:.+}'), `/d/a${terminator}b`)).toEqual({ id: `a${terminator}b` });
      expect(matchPath(parse('/d/{id:.+}/x'), `/d/a${terminator}b/x`)).toEqual({ id: `a${terminator}b` });
      expect(matchPath(parse('/static/**'), `/static/a${terminator}/b${terminator}`)).toEqual({ '*': `a${terminator}/b${terminator}` });
    }
    // a constraint without a dot keeps its meaning
    expect(matchPath(parse('/users/{id:[0-9]+}'), '/users/4\n2')).toBeNull();
  });

  it('treats * as exactly one anonymous segment and ** as the rest of the path', () => {
    const star = parse('/files/*/meta');
    expect(matchPath(star, '/files/a/meta')).toEqual({});
    expect(matchPath(star, '/files/a/b/meta')).toBeNull();
    const rest = parse('/static/**');
    expect(rest.routerPath).toBe('/static/*');
    expect(matchPath(rest, '/static/css/site.css')).toEqual({ '*': 'css/site.css' });
    expect(matchPath(rest, '/static')).toEqual({ '*': '' });
    expect(matchPath(rest, '/statics')).toBeNull();
  });

  it('ignores duplicate and trailing slashes, like the router', () => {
    const template = parse('/users//{id}/');
    expect(template.routerPath).toBe('/users/:p0');
    expect(matchPath(template, '/users//7/')).toEqual({ id: '7' });
    expect(parse('/').routerPath).toBe('/');
    expect(matchPath(parse('/'), '/')).toEqual({});
  });

  it('escapes colons for find-my-way', () => {
    expect(parse('/v1/items:batch').routerPath).toBe('/v1/items::batch');
  });

  it('reports syntax problems at the endpoint path', () => {
    expect(issuesOf('/users/{id')).toEqual([{ path: 'endpoints[2].path', message: 'unclosed "{" in path template "/users/{id"' }]);
    expect(issuesOf('/users/id}')[0]?.message).toMatch(/unbalanced "}"/);
    expect(issuesOf('/a/{id}/b/{id}')[0]?.message).toMatch(/duplicate parameter name "id"/);
    expect(issuesOf('/a/{id:[0-9}')[0]?.message).toMatch(/invalid constraint regex/);
    expect(issuesOf('/a/{}')[0]?.message).toMatch(/empty parameter name/);
    expect(issuesOf('/a/{my-id}')[0]?.message).toMatch(/invalid parameter name/);
    expect(issuesOf('/a/**/b')[0]?.message).toMatch(/"\*\*" may only be the last segment/);
    expect(issuesOf('/a/b*c')[0]?.message).toMatch(/must be a whole segment/);
    expect(issuesOf('/a/{x:(a)\\1}')[0]?.message).toMatch(/backreferences/);
  });
});
