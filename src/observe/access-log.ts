import type { JournalExchange, JournalRecorder } from './journal/index.js';
import type { Logger } from './logger.js';

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * The access log (`observability.accessLog: true`): one info line per data-plane request, written
 * from the journal hand-off, i.e. after the response was handed to the socket (or the client
 * left), never before the answer. One flat object per line and no child logger per request: that is
 * as cheap as pino gets (its serializer skips undefined fields).
 */
export function logAccess(next: JournalRecorder, logger: Logger): JournalRecorder {
  const access = logger.child({ log: 'access' });
  return {
    record(exchange: JournalExchange) {
      next.record(exchange);
      const applied = exchange.applied;
      const durationMs = round(exchange.completeMs);
      access.info(
        {
          method: exchange.method,
          path: exchange.path,
          status: exchange.status,
          endpoint: applied?.endpointId,
          durationMs,
          firstByteMs: round(exchange.firstByteMs),
          delayMs: applied?.delayMs,
          fault: applied?.fault,
          rateLimited: applied?.rateLimited,
          session: exchange.identity?.sessionId,
          abandoned: exchange.abandoned || undefined,
        },
        `${exchange.method} ${exchange.path} ${exchange.abandoned ? 'abandoned' : exchange.status} ${durationMs} ms`,
      );
    },
  };
}
