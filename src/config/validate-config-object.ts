import { checkConfigShape } from './check-config-shape.js';
import { checkSemantics } from './check-semantics.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import { err, ok, type ConfigIssue, type Result } from './result.js';
import type { Config } from './schema.js';
import { sortIssues } from './sort-issues.js';
import { validateSchema } from './validate-schema.js';

/**
 * Validates a config given as data (the programmatic API, PUT /config, importers): migration,
 * schema and semantic rules, every problem at once. Issues carry paths but no locations.
 */
export function validateConfigObject(raw: unknown): Result<Config, ConfigIssue[]> {
  // Decoded text was checked while decoding; data from code or a request body is checked here,
  // before validation and the diff walk it recursively.
  const shape = checkConfigShape(raw);
  if (shape !== undefined) return err([{ path: '', message: `refused: ${shape}` }]);
  return validateDecodedConfig(raw, []);
}

/**
 * {@link validateConfigObject} for a config read from files: `ignoredPaths` drops schema issues at
 * or under paths already reported another way (an unset environment variable must not also be
 * reported as "must be an integer").
 */
export function validateDecodedConfig(raw: unknown, ignoredPaths: readonly string[]): Result<Config, ConfigIssue[]> {
  const migrated = migrateToLatest(raw);
  if (!migrated.ok) return migrated;
  const schemaIssues = validateSchema(migrated.value).filter(
    (issue) => !ignoredPaths.some((path) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`)),
  );
  const issues = [...schemaIssues, ...checkSemantics(migrated.value)];
  return issues.length > 0 ? err(sortIssues(issues)) : ok(migrated.value as Config);
}
