import { formatIssue, type ConfigIssue } from '../config/index.js';
import { AppError } from '../errors/index.js';

/** Thrown by the programmatic API when a config cannot be served; carries every issue. */
export class ConfigInvalidError extends AppError {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super('CONFIG_INVALID', `${issues.length} problem(s):\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`);
    this.name = 'ConfigInvalidError';
  }
}
