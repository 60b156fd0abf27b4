import { AppError } from '../errors/index.js';

/** A cluster view (`scope=cluster`, `instance=`) asked while Redis cannot be reached: 503, the instance's own views still answer. */
export const clusterUnavailable = (cause?: unknown): AppError =>
  new AppError('STATE_STORE_UNAVAILABLE', 'Redis cannot be reached: scope=cluster and instance= are not available now (this instance alone is)', { cause });
