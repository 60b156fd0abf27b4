import type { Clock } from '../../clock/index.js';
import type { JournalRecorder } from '../../observe/index.js';
import type { Exchange } from './exchange.js';

const NO_HEADERS: readonly string[] = [];

export interface RecordDeps {
  readonly clock: Clock;
  /** The journal, with metrics and events recorded through it; absent: nothing is recorded. */
  readonly journal?: JournalRecorder;
  /** Counts the request out (in-flight, drain). */
  readonly onSettled: () => void;
}

/** Completes an exchange: its answer was handed to the socket, or the client left first (`abandoned`). */
export type Complete = (x: Exchange, abandoned: boolean) => void;

/**
 * Stage 6, record: the one completion point of every request, whatever way it ended. One journal
 * entry (references only, nothing copied: the journal redacts and truncates on read; metrics and
 * events are recorded through it), then the request is settled.
 */
export function createRecord(deps: RecordDeps): Complete {
  const { clock, journal } = deps;
  return (x, abandoned) => {
    if (journal !== undefined) {
      const completeAt = clock.now();
      const { request, answer, arrivedAt, firstByteAt } = x;
      const response = answer?.response;
      journal.record({
        arrivedAtMs: clock.toEpochMs(arrivedAt),
        firstByteMs: (firstByteAt ?? completeAt) - arrivedAt,
        completeMs: completeAt - arrivedAt,
        method: request.method,
        url: request.url,
        path: request.path,
        requestHeaders: request.headers,
        requestBody: request.bodyBytes,
        requestBodySizeBytes: request.bodySizeBytes,
        status: response?.status ?? 0,
        responseHeaders: response?.headers ?? NO_HEADERS,
        // A streamed answer's response is its head: its body is '' (the stream is not kept).
        responseBody: response?.body,
        applied: answer?.applied,
        abandoned,
        identity: x.identified,
      });
    }
    deps.onSettled();
  };
}
