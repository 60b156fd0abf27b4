import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observe/index.js';

/** A JSON logger (pino, as `mimicus serve` makes it) whose lines are kept, parsed, for assertions. */
export function captureLogs(level: 'info' | 'debug' = 'info'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level, pretty: false, destination }), lines };
}
