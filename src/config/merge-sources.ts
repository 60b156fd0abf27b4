import type { DecodedDocument } from './decode-document.js';
import { formatPath, parsePath, type PathSegment } from './issue-path.js';
import type { ConfigIssue } from './result.js';

/** One decoded file (or text) of a config: the main one first, then included fragments in order. */
export interface ConfigSource {
  doc: DecodedDocument;
  /** How other files name it in messages: relative to the main file's directory. */
  name: string;
}

/** The merged raw config and, for each part of it, which source wrote it. */
export interface MergedSources {
  raw: unknown;
  /** Per merged endpoint index: the source and the endpoint's index in that source. */
  endpointOrigins: { source: number; index: number }[];
  /** Top-level keys set by a fragment rather than the main file. */
  keyOwners: Map<string, number>;
  /** Paths of the merged config whose value could not be interpolated. */
  unresolvedPaths: string[];
  issues: ConfigIssue[];
}

/** Keys that describe the file itself rather than the config, so fragments do not contribute them. */
const FILE_KEYS = new Set(['version', 'include', '$schema', 'endpoints']);

/**
 * Merges included fragments into the main config: endpoints are appended in order; any other
 * top-level key (`server`, `defaults`, ...) may be set by one file only. A fragment's `version`
 * is optional but must equal the main file's.
 */
export function mergeSources(sources: readonly ConfigSource[]): MergedSources {
  const main = sources[0]!;
  const merged: MergedSources = { raw: main.doc.value, endpointOrigins: [], keyOwners: new Map(), unresolvedPaths: [], issues: [] };
  if (!isData(main.doc.value)) {
    merged.unresolvedPaths.push(...main.doc.unresolvedPaths);
    return merged;
  }
  const raw: Record<string, unknown> = { ...main.doc.value };
  const endpoints: unknown[] = [];
  const localToMerged: Map<number, number>[] = sources.map(() => new Map());
  sources.forEach((source, s) => {
    const value = source.doc.value;
    const at = (segments: PathSegment[]) => ({ path: formatPath(segments), location: source.doc.locations.get(formatPath(segments)) });
    if (s > 0 && value !== null && value !== undefined && !isData(value)) {
      merged.issues.push({ ...at([]), message: 'an included file must be a mapping (endpoints, server, ...)' });
      return;
    }
    if (!isData(value)) return;
    if (s > 0 && value.version !== undefined && value.version !== raw.version) {
      merged.issues.push({
        ...at(['version']),
        message: `${JSON.stringify(value.version)} differs from the version of ${main.name} (${JSON.stringify(raw.version)})`,
      });
    }
    if (Array.isArray(value.endpoints)) {
      value.endpoints.forEach((endpoint: unknown, index) => {
        localToMerged[s]!.set(index, endpoints.length);
        merged.endpointOrigins.push({ source: s, index });
        endpoints.push(endpoint);
      });
    } else if (value.endpoints !== undefined) {
      if (s === 0) raw.endpoints = value.endpoints;
      else merged.issues.push({ ...at(['endpoints']), message: 'must be a list' });
    }
    if (s === 0) return;
    for (const [key, part] of Object.entries(value)) {
      if (FILE_KEYS.has(key)) continue;
      if (key in raw) {
        const owner = merged.keyOwners.get(key) ?? 0;
        const ownerSource = sources[owner]!;
        merged.issues.push({
          ...at([key]),
          message: `is already set in ${ownerSource.name}; only one file may set "${key}"`,
          related: [{ path: key, location: ownerSource.doc.locations.get(key) }],
        });
        continue;
      }
      raw[key] = part;
      merged.keyOwners.set(key, s);
    }
  });
  if (Array.isArray(main.doc.value.endpoints) || endpoints.length > 0) raw.endpoints = endpoints;
  merged.raw = raw;
  sources.forEach((source, s) => {
    for (const path of source.doc.unresolvedPaths) {
      const segments = parsePath(path);
      if (segments?.[0] === 'endpoints' && typeof segments[1] === 'number') {
        const index = localToMerged[s]!.get(segments[1]);
        if (index !== undefined) merged.unresolvedPaths.push(formatPath(['endpoints', index, ...segments.slice(2)]));
      } else {
        merged.unresolvedPaths.push(path);
      }
    }
  });
  return merged;
}

function isData(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
