import { escapeRegex, regexProblem } from './check-regex.js';

/**
 * A literal request path as one of our path templates: segments holding template syntax (`{`, `}`,
 * `*`) become a constrained parameter that matches exactly that text. The query string is dropped.
 */
export function literalPath(path: string): string {
  const bare = path.split('?')[0]!.split('#')[0]!;
  const absolute = bare.startsWith('/') ? bare : `/${bare}`;
  let n = 0;
  return absolute
    .split('/')
    .map((segment) => (/[{}*]/.test(segment) ? `{literal${n++}:${escapeRegex(safeDecode(segment))}}` : segment))
    .join('/');
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Unescaped characters that make a regex segment more than literal text. */
const META = /[\\^$.|?*+()[\]{}]/;

/**
 * A regex over the whole path (WireMock `urlPathPattern`, mountebank `matches` on path) as a path
 * template: literal segments stay literal, a final `.*` becomes `/**`, other segments become
 * constrained parameters (`{p1:[0-9]+}`). `exact` is false when the template matches more than the
 * regex (an alternation over several segments, say, became `/**`). Undefined when nothing sensible.
 */
export function pathFromRegex(source: string): { path: string; exact: boolean } | undefined {
  let body = source.startsWith('^') ? source.slice(1) : source;
  let exact = source.startsWith('^') || body.startsWith('/');
  if (body.endsWith('$') && !body.endsWith('\\$')) body = body.slice(0, -1);
  else exact = false;
  if (!body.startsWith('/')) return { path: '/**', exact: false };
  const segments = splitTopLevel(body.slice(1));
  if (segments === undefined) return { path: '/**', exact: false };
  const out: string[] = [];
  let n = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (!META.test(segment.replace(/\\[./\-_~]/g, ''))) {
      out.push(segment.replace(/\\([./\-_~])/g, '$1'));
      continue;
    }
    if (last && /^(\.\*|\.\+)$/.test(segment)) {
      out.push('**');
      continue;
    }
    if (/(^|[^\\])\.[*+]/.test(segment) || segment.includes('|')) {
      // `.*` inside a segment could also cross "/": our parameter cannot, so this stays a wider match.
      if (last) {
        out.push('**');
        exact = false;
        continue;
      }
    }
    const inner = segment.replace(/^\((?!\?)(.*)\)$/, '$1');
    if (regexProblem(`^(?:${inner})$`) !== undefined || inner.includes('/') || inner.includes('}')) {
      out.push(last ? '**' : '*');
      exact = false;
      continue;
    }
    out.push(`{p${++n}:${inner}}`);
  }
  return { path: `/${out.join('/')}`, exact };
}

/** Splits on "/" outside brackets and groups; undefined when a group spans segments. */
function splitTopLevel(text: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      current += c;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '/' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    } else if (c === '/' && depth > 0) return undefined;
    current += c;
  }
  parts.push(current);
  return parts;
}
