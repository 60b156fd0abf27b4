import { dirname, resolve } from 'node:path';
import { assembleConfig } from './assemble-config.js';
import { decodeDocument } from './decode-document.js';
import type { Env } from './interpolate-env.js';
import type { LoadedConfig } from './loaded-config.js';
import type { ConfigIssue, Result } from './result.js';

/** Options of {@link parseConfigText}. */
export interface ParseConfigTextOptions {
  /** Names the text in locations, and its directory is the base for `bodyFile`. Nothing is read from it. */
  file?: string;
  /** Default: `json` when `file` ends in `.json`, else `yaml`. */
  format?: 'yaml' | 'json';
  /** Default: `process.env`. */
  env?: Env;
}

/**
 * Reads one config text (an editor buffer, a request body). `include` is not followed here,
 * since reading other files is {@link loadConfigFile}'s job: a config with includes is refused
 * with an issue that says so.
 */
export function parseConfigText(text: string, options: ParseConfigTextOptions = {}): Result<LoadedConfig, ConfigIssue[]> {
  const format = options.format ?? (options.file?.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
  const doc = decodeDocument(text, {
    format,
    ...(options.file ? { file: options.file } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const includeIssues: ConfigIssue[] = [];
  const value = doc.value as { include?: unknown } | null | undefined;
  if (!doc.syntaxFailed && typeof value === 'object' && value !== null && value.include !== undefined) {
    includeIssues.push({
      path: 'include',
      message: 'includes are only followed when the config is loaded from a file (loadConfigFile)',
      location: doc.locations.get('include'),
    });
  }
  const file = options.file ? resolve(options.file) : undefined;
  return assembleConfig(
    [{ doc, name: options.file ?? '<input>' }],
    { ...(file ? { file } : {}), files: [file], dirs: [file ? dirname(file) : process.cwd()] },
    includeIssues,
  );
}
