import pino, { type DestinationStream } from 'pino';

/** The logging port the other zones depend on; pino's logger satisfies it. */
export interface Logger {
  error(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  debug(object: object, message?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface LoggerOptions {
  level?: LogLevel;
  /** Human-readable lines (pino-pretty); defaults to on when stdout is a TTY, JSON otherwise. */
  pretty?: boolean;
  /** Where JSON lines go (default stdout); tests pass a stream to read them. Ignored when pretty. */
  destination?: DestinationStream;
}

/** Structured logs with pino: JSON for machines, pretty in a terminal. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  if (pretty && level !== 'silent') {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } },
    });
  }
  const settings = { level, base: { service: 'mimicus' } };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
