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
