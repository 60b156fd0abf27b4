import type { EventStreamMessage } from '../../contract/index.js';
import { eventTopics, topicOf, type AdminEvent, type EventTopic } from './admin-event.js';

/** The part of a WebSocket the stream uses (ws's WebSocket on the server). */
export interface EventSocket {
  send(data: string): void;
  close(code: number, reason: string): void;
  /** Drops the connection without the closing handshake. */
  terminate(): void;
  readonly bufferedAmount: number;
}

/**
 * How long a client dropped for not reading gets to read up to the close frame (and learn the 1013)
 * and answer it before its connection is cut: one that reads nothing would never answer, and its
 * socket would live on until ws's own 30 s timeout. What is queued for it meanwhile is bounded
 * (maxBufferedBytes and one message), as nothing more is sent.
 */
const CLOSE_GRACE_MS = 5_000;

export interface EventClientOptions {
  /** At most this many `request.completed` per second and client; the rest are counted as dropped. */
  readonly maxRequestEventsPerSecond: number;
  /** A client whose unsent data exceeds this is closed with 1013 (try again later). */
  readonly maxBufferedBytes: number;
  readonly now: () => number;
}

export interface EventFilter {
  readonly endpoint?: string;
  readonly status?: number;
}

/** What a client gets until it subscribes: everything but the per-request stream. */
export const DEFAULT_TOPICS: readonly EventTopic[] = eventTopics.filter((topic) => topic !== 'request');

export interface EventClient {
  deliver(event: AdminEvent): void;
  /** A text message from the client: `{ subscribe: [...topics], filter?: { endpoint?, status? } }`. */
  receive(text: string): void;
  readonly topics: ReadonlySet<EventTopic>;
  readonly closed: boolean;
}

/**
 * One subscriber of `GET /api/events`: its topics and filter, request sampling, and the bound on
 * what it may leave unread (it is closed, never buffered without limit).
 */
export function createEventClient(socket: EventSocket, options: EventClientOptions): EventClient {
  let topics = new Set<EventTopic>(DEFAULT_TOPICS);
  let filter: EventFilter = {};
  let closed = false;
  let windowStartMs = options.now();
  let sentInWindow = 0;
  let dropped = 0;

  const send = (message: EventStreamMessage) => {
    if (closed) return;
    if (socket.bufferedAmount > options.maxBufferedBytes) {
      closed = true;
      socket.close(1013, 'client too slow: events were not read');
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      return;
    }
    socket.send(JSON.stringify(message));
  };
  const acknowledge = () => send({ type: 'subscribed', time: new Date(options.now()).toISOString(), data: { topics: [...topics], filter } });
  const warn = (message: string) => send({ type: 'warning', time: new Date(options.now()).toISOString(), data: { message } });

  acknowledge();
  return {
    get topics() {
      return topics;
    },
    get closed() {
      return closed;
    },
    deliver(event) {
      if (closed || !topics.has(topicOf(event.type))) return;
      if (event.type !== 'request.completed') return send(event);
      if (filter.endpoint !== undefined && event.data.endpoint !== filter.endpoint) return;
      if (filter.status !== undefined && event.data.status !== filter.status) return;
      const now = options.now();
      if (now - windowStartMs >= 1000) {
        windowStartMs = now;
        sentInWindow = 0;
      }
      if (sentInWindow >= options.maxRequestEventsPerSecond) {
        dropped += 1;
        return;
      }
      sentInWindow += 1;
      if (dropped > 0) {
        send({ ...event, dropped });
        dropped = 0;
      } else send(event);
    },
    receive(text) {
      const parsed = parseSubscription(text);
      if (typeof parsed === 'string') return warn(parsed);
      topics = new Set(parsed.topics);
      filter = parsed.filter;
      acknowledge();
    },
  };
}

function parseSubscription(text: string): { topics: EventTopic[]; filter: EventFilter } | string {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return 'messages must be JSON: { "subscribe": ["config", ...], "filter": { "endpoint": "id", "status": 200 } }';
  }
  if (typeof message !== 'object' || message === null || !Array.isArray((message as { subscribe?: unknown }).subscribe)) {
    return 'expected { "subscribe": [topics], "filter"?: { "endpoint"?, "status"? } }';
  }
  const { subscribe, filter = {} } = message as { subscribe: unknown[]; filter?: unknown };
  const unknown = subscribe.filter((topic) => !eventTopics.includes(topic as EventTopic));
  if (unknown.length > 0) return `unknown topics ${JSON.stringify(unknown)}; topics are ${eventTopics.join(', ')}`;
  if (typeof filter !== 'object' || filter === null) return 'filter must be an object';
  const { endpoint, status } = filter as { endpoint?: unknown; status?: unknown };
  if (endpoint !== undefined && typeof endpoint !== 'string') return 'filter.endpoint must be an endpoint id (string)';
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status))) return 'filter.status must be an integer';
  return {
    topics: subscribe as EventTopic[],
    filter: { ...(endpoint !== undefined ? { endpoint } : {}), ...(status !== undefined ? { status } : {}) },
  };
}
