import type { SourceLocation } from './result.js';
import type { Config } from './schema.js';

/** A valid config and where it came from. */
export interface LoadedConfig {
  config: Config;
  /** The main config file (absolute), when loaded from one. */
  file?: string;
  /** Every file read (absolute), the main one first: what a watcher must watch. */
  files: string[];
  /** Per file read, the hash of the text the config was built from (hashText): write-back refuses a file that no longer has it. */
  fileHashes?: ReadonlyMap<string, string>;
  /** Per endpoint index, the directory of the file that declared it: the base for `bodyFile`. */
  endpointBaseDirs: string[];
  /** Per endpoint index, the file (absolute) that declared it; undefined for a text without a file. */
  endpointFiles?: (string | undefined)[];
  /** Top-level keys (`server`, `workflows`, ...) set by an included file, with that file. */
  keyFiles?: Record<string, string>;
  /** Where a path of the merged config (`endpoints[7].response.status`) was written, or its nearest written ancestor. */
  locate(path: string): SourceLocation | undefined;
}
