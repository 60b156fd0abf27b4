import { formatIssue, type ConfigIssue } from '../config/index.js';
import type { ConfigRejection } from '../control/index.js';
import { AppError, type ErrorCode } from '../errors/index.js';

/**
 * Thrown by the programmatic API when a config cannot be served, carrying every issue: code
 * CONFIG_INVALID, or the code of what else refused the change (CONFIG_FILE_CHANGED when
 * `reload(config, { writeBack: true })` would overwrite an edit on disk).
 */
export class ConfigInvalidError extends AppError {
  constructor(
    readonly issues: readonly ConfigIssue[],
    code: ErrorCode = 'CONFIG_INVALID',
    detail = `${issues.length} problem(s):\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`,
  ) {
    super(code, detail);
    this.name = 'ConfigInvalidError';
  }
}

/** The programmatic edge's one translation of a refused change. */
export function rejectionError(rejection: ConfigRejection): ConfigInvalidError {
  // Issues of the config itself keep the code callers test for (conflicts included, as ever).
  if (rejection.code === 'CONFIG_INVALID' || rejection.code === 'CONFIG_CONFLICT') return new ConfigInvalidError(rejection.issues);
  return new ConfigInvalidError(rejection.issues, rejection.code, rejection.detail);
}
