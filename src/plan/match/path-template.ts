import { compilePattern, type ConfigIssue, type Pattern, type Result } from '../../config/index.js';
import { rewritePathConstraint } from './path-constraint.js';

/**
 * How a segment matches, most specific first:
 * `static` text; `pattern` = a param with a regex constraint or params mixed with text
 * (`{name}.{ext}`, `v{n}`); `param` = one plain `{id}`; `star` = `*`, any one segment, unnamed;
 * `globstar` = `**`, the rest of the path (zero or more segments, last segment only).
 */
export type SegmentKind = 'static' | 'pattern' | 'param' | 'star' | 'globstar';

/** Specificity of a segment: higher ranks first among endpoints that match the same request. */
export const segmentRank: Readonly<Record<SegmentKind, number>> = {
  static: 4,
  pattern: 3,
  param: 2,
  star: 1,
  globstar: 0,
};

/** The parameter name under which a `**` exposes the rest of the path (find-my-way's convention). */
export const REST_PARAM = '*';

export interface PathSegment {
  readonly kind: SegmentKind;
  /** The segment as written (static text is literal). */
  readonly text: string;
  /** The user's parameter names in this segment, in order; `*` for `**`, none for `*`. */
  readonly names: readonly string[];
  /**
   * For `pattern` segments: anchored regex over one decoded segment, one group per name. Linear
   * time (RE2): the constraint comes from the config and the segment from any client.
   */
  readonly matcher: Pattern | null;
}

export interface PathTemplate {
  readonly source: string;
  /** Non-empty segments: duplicate and trailing slashes are ignored, as the router ignores them. */
  readonly segments: readonly PathSegment[];
  /**
   * The find-my-way path. Every dynamic segment becomes a plain positional param (`:p0`, `:p1`…)
   * and `**` becomes `*`, so `/users/{id}`, `/users/{uid}` and `/users/{id:[0-9]+}` are one
   * registration; constraints and mixed segments are checked by us on the positional values.
   * (find-my-way refuses two regex params at the same place, and its params would carry
   * whichever names were registered first.)
   */
  readonly routerPath: string;
  /** Equal keys mean equivalent templates: names ignored, constraints included (`*` is not `{x}`). */
  readonly equivalenceKey: string;
  /** segmentRank of each segment, for precedence. */
  readonly ranks: readonly number[];
  /**
   * Whole-path regex over a decoded path, tolerant of duplicate and trailing slashes; group k is
   * the k-th dynamic segment (constraints are checked afterwards with each segment's matcher).
   */
  readonly regex: RegExp;
  readonly hasGlobstar: boolean;
  /** Every parameter a match yields, in order (user names, and `*` for `**`). */
  readonly paramNames: readonly string[];
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Parses a path template; every syntax problem is an issue at `at` (e.g. `endpoints[3].path`). */
export function parsePathTemplate(source: string, at = 'path'): Result<PathTemplate, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const fail = (message: string) => issues.push({ path: at, message: `${message} in path template "${source}"` });
  if (!source.startsWith('/')) fail('must start with "/"');

  const rawSegments = splitSegments(source, fail);
  const segments: PathSegment[] = [];
  const seen = new Set<string>();
  rawSegments.forEach((raw, index) => {
    const segment = parseSegment(raw, fail);
    if (segment === null) return;
    if (segment.kind === 'globstar' && index !== rawSegments.length - 1) {
      fail('"**" may only be the last segment');
    }
    for (const name of segment.names) {
      if (seen.has(name)) fail(`duplicate parameter name "${name}"`);
      seen.add(name);
    }
    segments.push(segment);
  });
  if (issues.length > 0) return { ok: false, error: issues };
  return { ok: true, value: assembleTemplate(source, segments) };
}

/** Splits on "/" outside braces and drops empty segments; reports unbalanced braces. */
function splitSegments(source: string, fail: (message: string) => void): string[] {
  const segments: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === '\\' && depth > 0) {
      current += ch + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '{') depth++;
    if (ch === '}') {
      if (depth === 0) {
        fail(`unbalanced "}" at character ${i + 1}`);
        continue;
      }
      depth--;
    }
    if (ch === '/' && depth === 0) {
      if (current.length > 0) segments.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (depth > 0) fail('unclosed "{"');
  else if (current.length > 0) segments.push(current);
  return segments;
}

type Part = { type: 'text'; text: string } | { type: 'param'; name: string; constraint: string | null };

function parseSegment(raw: string, fail: (message: string) => void): PathSegment | null {
  if (raw === '**') return { kind: 'globstar', text: raw, names: [REST_PARAM], matcher: null };
  if (raw === '*') return { kind: 'star', text: raw, names: [], matcher: null };

  const parts: Part[] = [];
  let i = 0;
  while (i < raw.length) {
    const open = raw.indexOf('{', i);
    const text = raw.slice(i, open === -1 ? raw.length : open);
    if (text.includes('*')) {
      fail(`"*" must be a whole segment ("*" or "**"), found "${raw}"`);
      return null;
    }
    if (text.length > 0) parts.push({ type: 'text', text });
    if (open === -1) break;
    const close = findClosingBrace(raw, open);
    const inner = raw.slice(open + 1, close);
    const colon = inner.indexOf(':');
    const name = colon === -1 ? inner : inner.slice(0, colon);
    if (!PARAM_NAME.test(name)) {
      fail(name === '' ? 'empty parameter name' : `invalid parameter name "${name}" (letters, digits, "_")`);
      return null;
    }
    let constraint: string | null = null;
    if (colon !== -1) {
      const rewritten = rewritePathConstraint(inner.slice(colon + 1));
      if (!rewritten.ok) {
        fail(rewritten.message);
        return null;
      }
      constraint = rewritten.source;
    }
    parts.push({ type: 'param', name, constraint });
    i = close + 1;
  }

  const params = parts.filter((part) => part.type === 'param');
  if (params.length === 0) return { kind: 'static', text: raw, names: [], matcher: null };
  const names = params.map((part) => part.name);
  const single = parts.length === 1 ? parts[0] : undefined;
  if (single?.type === 'param' && single.constraint === null) {
    return { kind: 'param', text: raw, names, matcher: null };
  }
  // Plain params inside a mixed segment must be non-empty; lazy so that `{name}.{ext}` splits
  // `a.tar.gz` at the first dot, as find-my-way would.
  const source = parts.map((part) => (part.type === 'text' ? escapeRegExp(part.text) : `(${part.constraint ?? '.+?'})`)).join('');
  // Dot-all: a segment is one decoded value, not lines, so `.` (ours and a constraint's) takes any
  // character; without it RE2's `.` stops at "\n" (%0A) and the segment never matches.
  const matcher = compilePattern(`^${source}$`, { flags: 's' });
  if (!matcher.ok) {
    fail(`invalid segment "${raw}": ${matcher.error}`);
    return null;
  }
  return { kind: 'pattern', text: raw, names, matcher: matcher.value };
}

/** Index of the "}" closing the "{" at `open`; braces inside a constraint nest (`{3}`). */
function findClosingBrace(raw: string, open: number): number {
  let depth = 0;
  for (let i = open; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return raw.length; // unreachable: splitSegments already reported unbalanced braces
}

function assembleTemplate(source: string, segments: readonly PathSegment[]): PathTemplate {
  let routerPath = '';
  let equivalenceKey = '';
  let regex = '^';
  let position = 0;
  for (const segment of segments) {
    switch (segment.kind) {
      case 'static':
        // "::" is find-my-way's escape for a literal colon
        routerPath += `/${segment.text.replaceAll(':', '::')}`;
        equivalenceKey += `/${segment.text}`;
        regex += `/+${escapeRegExp(segment.text)}`;
        break;
      case 'globstar':
        routerPath += '/*';
        equivalenceKey += '/**';
        // The rest without its leading and trailing slashes. Greedy and anchored on a non-slash at
        // both ends, so V8 never backtracks more than once over the input; the lazy `(.*?)/*$`
        // this replaces was quadratic in a run of slashes (118 ms for a 16 KB path).
        regex += '(?:/+([^/](?:[\\s\\S]*[^/])?))?';
        break;
      default:
        routerPath += `/:p${position++}`;
        // a pattern's matcher source holds its text and constraints but not the names
        // `*` stays distinct from `{x}`: precedence ranks them, so they are not a conflict
        equivalenceKey += `/${segment.kind === 'star' ? '*' : segment.matcher === null ? '{}' : `{${segment.matcher.source}}`}`;
        regex += '/+([^/]+)';
    }
  }
  // Built on first use: only merged candidates and near-miss reports need it, and compiling
  // 10,000 regexes up front is a noticeable share of a large plan's build time.
  let compiled: RegExp | null = null;
  return {
    source,
    segments,
    routerPath: routerPath === '' ? '/' : routerPath,
    equivalenceKey: equivalenceKey === '' ? '/' : equivalenceKey,
    ranks: segments.map((segment) => segmentRank[segment.kind]),
    get regex() {
      compiled ??= new RegExp(`${regex}/*$`);
      return compiled;
    },
    hasGlobstar: segments.at(-1)?.kind === 'globstar',
    paramNames: segments.flatMap((segment) => segment.names),
  };
}
