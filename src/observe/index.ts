export { createLogger } from './logger.js';
export type { Logger, LogLevel, LoggerOptions } from './logger.js';
