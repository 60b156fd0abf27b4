import { attachLocations } from './attach-locations.js';
import { createLocator } from './create-locator.js';
import type { LoadedConfig } from './loaded-config.js';
import { mergeSources, type ConfigSource } from './merge-sources.js';
import { err, ok, type ConfigIssue, type Result } from './result.js';
import { sortIssues } from './sort-issues.js';
import { validateDecodedConfig } from './validate-config-object.js';

/** Where the sources came from, for the parts of LoadedConfig that are about files. */
export interface SourceFiles {
  /** The main file (absolute), when there is one. */
  file?: string;
  /** Per source, the absolute file (or undefined for text) and its directory. */
  files: (string | undefined)[];
  dirs: string[];
  /** Per source read from a file, the hash of its text. */
  hashes?: string[];
}

/**
 * Turns decoded sources (main first, then fragments) into a LoadedConfig, or every issue found
 * in them, located and sorted: decoding, includes, merging, migration, schema and semantics.
 */
export function assembleConfig(
  sources: readonly ConfigSource[],
  sourceFiles: SourceFiles,
  includeIssues: readonly ConfigIssue[],
): Result<LoadedConfig, ConfigIssue[]> {
  const decodeIssues = sources.flatMap((source) => source.doc.issues);
  const fileOrder = sources.map((source) => source.doc.file);
  if (sources.some((source) => source.doc.syntaxFailed)) {
    return err(sortIssues([...decodeIssues, ...includeIssues], fileOrder));
  }
  const merged = mergeSources(sources);
  const locate = createLocator(sources, merged);
  const validated = validateDecodedConfig(merged.raw, merged.unresolvedPaths);
  const issues = [...decodeIssues, ...includeIssues, ...merged.issues, ...(validated.ok ? [] : attachLocations(validated.error, { locate }))];
  if (!validated.ok || issues.length > 0) return err(sortIssues(issues, fileOrder));
  return ok({
    config: validated.value,
    ...(sourceFiles.file ? { file: sourceFiles.file } : {}),
    files: sourceFiles.files.filter((file): file is string => file !== undefined),
    ...(sourceFiles.hashes ? { fileHashes: new Map(sourceFiles.hashes.map((hash, i) => [sourceFiles.files[i]!, hash])) } : {}),
    endpointBaseDirs: merged.endpointOrigins.map((origin) => sourceFiles.dirs[origin.source]!),
    endpointFiles: merged.endpointOrigins.map((origin) => sourceFiles.files[origin.source]),
    keyFiles: Object.fromEntries(
      [...merged.keyOwners].flatMap(([key, source]) => (sourceFiles.files[source] !== undefined ? [[key, sourceFiles.files[source]!]] : [])),
    ),
    locate,
  });
}
