export { errorCodes } from './codes.js';
export type { ErrorCode } from './codes.js';
export { AppError, toProblem } from './app-error.js';
