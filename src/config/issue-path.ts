/** One step of a path into a config: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats segments as `endpoints[3].response.status`; keys that are not identifiers are quoted
 * (`headers["x-tenant"]`) so the text can be read back by {@link parsePath}.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Reads a path written by {@link formatPath} back into segments; undefined when it is not one. */
export function parsePath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const rest = path.slice(i);
    const identifier = /^\.?([A-Za-z_$][A-Za-z0-9_$]*)/.exec(rest);
    if (identifier && (rest.startsWith('.') ? i > 0 : i === 0)) {
      segments.push(identifier[1]!);
      i += identifier[0].length;
      continue;
    }
    const index = /^\[(\d+)\]/.exec(rest);
    if (index) {
      segments.push(Number(index[1]));
      i += index[0].length;
      continue;
    }
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (quoted) {
      segments.push(JSON.parse(quoted[1]!) as string);
      i += quoted[0].length;
      continue;
    }
    return undefined;
  }
  return segments;
}
