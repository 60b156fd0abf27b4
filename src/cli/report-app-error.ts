import type { AppError } from '../app/index.js';
import { exitCodes, type ExitCode } from './exit-codes.js';

const EXIT_BY_CODE: Partial<Record<AppError['code'], ExitCode>> = {
  CONFIG_INVALID: exitCodes.configInvalid,
  CONFIG_NOT_FOUND: exitCodes.configNotFound,
  DATA_DIR_UNUSABLE: exitCodes.dataDirUnusable,
  STATE_DATA_DIR_NOT_FOUND: exitCodes.dataDirUnusable,
  STATE_STORE_FAILED: exitCodes.dataDirUnusable,
};

/** One `mimicus: CODE: detail` line on stderr and the exit code for that code (6, refused, for the rest). */
export function reportAppError(error: AppError): void {
  process.stderr.write(`mimicus: ${error.code}: ${error.detail ?? error.message}\n`);
  process.exitCode = EXIT_BY_CODE[error.code] ?? exitCodes.refused;
}
