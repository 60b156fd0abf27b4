import type { Pattern } from '../../config/index.js';
import type { PathSegment, PathTemplate } from './path-template.js';

/**
 * Binds one dynamic segment's value into `params` under the user's names; false when the
 * segment's constraint or mixed pattern rejects it. `value` is one decoded segment
 * (or the rest of the path for `**`).
 */
export function bindSegment(segment: PathSegment, value: string, params: Record<string, string>): boolean {
  switch (segment.kind) {
    case 'param':
    case 'globstar':
      params[segment.names[0] as string] = value;
      return true;
    case 'star':
      return value.length > 0;
    case 'pattern': {
      const groups = (segment.matcher as Pattern).groups(value);
      if (groups === null) return false;
      for (let i = 0; i < segment.names.length; i++) params[segment.names[i] as string] = groups[i] ?? '';
      return true;
    }
    default:
      return true;
  }
}

/**
 * Matches a decoded request path against a template on our own (without the router): used for
 * endpoints merged into another registration's candidate list and for near-miss reports.
 * Returns the params under the user's names, or null.
 */
export function matchPath(template: PathTemplate, path: string): Record<string, string> | null {
  const groups = template.regex.exec(path);
  if (groups === null) return null;
  const params: Record<string, string> = {};
  let position = 1;
  for (const segment of template.segments) {
    if (segment.kind === 'static') continue;
    if (!bindSegment(segment, groups[position++] ?? '', params)) return null;
  }
  return params;
}

/** The dynamic segments of a template, in positional order (the router's p0, p1… and `*`). */
export const dynamicSegments = (template: PathTemplate): PathSegment[] => template.segments.filter((segment) => segment.kind !== 'static');
