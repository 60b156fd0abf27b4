import { InvalidArgumentError } from 'commander';

/** Commander option parser for integers within a range, with a message naming the option. */
export const integerIn = (name: string, min: number, max: number) => (value: string): number => {
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
