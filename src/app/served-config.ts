import { dirname, resolve } from 'node:path';
import type { Config, LoadedConfig } from '../config/index.js';

/** The config being served and where its relative paths resolve. */
export interface ServedConfig {
  readonly config: Config;
  /** The main config file, when the config came from one. */
  readonly file?: string;
  /** Base of `bodyFile` paths: the main file's directory, or the working directory. */
  readonly baseDir: string;
  /** Per endpoint id, the directory of the file that declared it (included files differ). */
  readonly endpointDirs: ReadonlyMap<string, string>;
  /** Every file read for it (absolute), the main one first: what the watcher watches. */
  readonly files?: readonly string[];
  /** Per endpoint id, the file that declared it, when not the main file (API changes are written there). */
  readonly endpointFiles: ReadonlyMap<string, string>;
  /** Top-level keys set by an included file, with that file. */
  readonly keyFiles: ReadonlyMap<string, string>;
  /** When loaded from files: the hash of each file's text as read (an API change keeps the last load's). */
  readonly fileHashes?: ReadonlyMap<string, string>;
}

export function servedConfigOf(loaded: LoadedConfig): ServedConfig {
  const baseDir = loaded.file ? dirname(resolve(loaded.file)) : process.cwd();
  const endpointDirs = new Map<string, string>();
  const endpointFiles = new Map<string, string>();
  (loaded.config.endpoints ?? []).forEach((endpoint, index) => {
    const dir = loaded.endpointBaseDirs[index];
    if (dir !== undefined) endpointDirs.set(endpoint.id, dir);
    const file = loaded.endpointFiles?.[index];
    if (file !== undefined && file !== loaded.file) endpointFiles.set(endpoint.id, file);
  });
  const keyFiles = new Map(Object.entries(loaded.keyFiles ?? {}));
  return {
    config: loaded.config,
    ...(loaded.file ? { file: loaded.file } : {}),
    baseDir,
    endpointDirs,
    files: loaded.files,
    endpointFiles,
    keyFiles,
    ...(loaded.fileHashes ? { fileHashes: loaded.fileHashes } : {}),
  };
}
