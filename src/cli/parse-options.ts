import { InvalidArgumentError } from 'commander';
import { DURATION_PATTERN, parseDurationMs } from '../config/index.js';

/** Commander option parser for integers within a range, with a message naming the option. */
export const integerIn =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be an integer ${min}-${max}, got "${value}"`);
    }
    return parsed;
  };

export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** Commander option parser for an ISO 8601 instant with an offset, like 2026-01-05T08:59:50+01:00. */
export const parseInstant = (value: string): Date => {
  const parsed = new Date(value);
  if (!/T\d{2}:\d{2}.*(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(parsed.getTime())) {
    throw new InvalidArgumentError(`expected an ISO 8601 instant with an offset, like 2026-01-05T08:59:50+01:00, got "${value}"`);
  }
  return parsed;
};

/** Commander option parser for a duration longer than 0 (`30m`, `10s`, `250ms`, or milliseconds), in milliseconds. */
export const positiveDurationMs =
  (name: string) =>
  (value: string): number => {
    const ms = new RegExp(DURATION_PATTERN).test(value) ? parseDurationMs(value) : Number.NaN;
    if (!(ms > 0)) throw new InvalidArgumentError(`${name} must be a duration longer than 0, like 30m, 10s or 250ms, got "${value}"`);
    return ms;
  };

/** Commander option parser from a parser that throws RangeError (the message names the option). */
export const workerCount =
  (parse: (text: string) => number) =>
  (value: string): number => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
