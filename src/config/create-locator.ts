import { formatPath, parsePath } from './issue-path.js';
import type { ConfigSource, MergedSources } from './merge-sources.js';
import type { SourceLocation } from './result.js';

/**
 * The source map of a merged config: `endpoints[7].response.status` is looked up in the file
 * that declared endpoint 7, at that endpoint's own index there. A path that was not written
 * (a missing key) resolves to its nearest written ancestor.
 */
export function createLocator(
  sources: readonly ConfigSource[],
  merged: Pick<MergedSources, 'endpointOrigins' | 'keyOwners'>,
): (path: string) => SourceLocation | undefined {
  return (path) => {
    const segments = parsePath(path);
    if (!segments) return undefined;
    let source = 0;
    let local = segments;
    const [first, second] = segments;
    const origin = first === 'endpoints' && typeof second === 'number' ? merged.endpointOrigins[second] : undefined;
    if (origin) {
      source = origin.source;
      local = ['endpoints', origin.index, ...segments.slice(2)];
    } else if (typeof first === 'string') {
      source = merged.keyOwners.get(first) ?? 0;
    }
    const locations = sources[source]?.doc.locations;
    for (let length = local.length; length >= 0 && locations; length -= 1) {
      const location = locations.get(formatPath(local.slice(0, length)));
      if (location) return location;
    }
    return undefined;
  };
}
