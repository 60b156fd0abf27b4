import { readApiKey } from './api-key.ts';
import type { AdminEvent, EventStreamMessage } from '../../../src/contract/index.ts';

export interface EventStream {
  close(): void;
}

/**
 * A WebSocket to `/api/events` subscribed to `topics`. Browsers cannot set headers on a WebSocket,
 * so the key goes as `?key=`. Reconnects after a drop (a restart, a 1013 for a slow tab) with backoff.
 */
export function openEventStream(topics: readonly string[], onEvent: (event: AdminEvent) => void, onOpenChange: (open: boolean) => void): EventStream {
  let socket: WebSocket | undefined;
  let closed = false;
  let retryMs = 500;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    const url = new URL('/api/events', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const key = readApiKey();
    if (key) url.searchParams.set('key', key);
    socket = new WebSocket(url);
    socket.onopen = () => {
      retryMs = 500;
      socket?.send(JSON.stringify({ subscribe: topics }));
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as EventStreamMessage;
      // The server confirms the topics first: only then are events of the new topics sent.
      if (event.type === 'subscribed') {
        const subscribed: readonly string[] = event.data.topics;
        if (topics.every((topic) => subscribed.includes(topic))) onOpenChange(true);
        return;
      }
      onEvent(event);
    };
    socket.onclose = () => {
      onOpenChange(false);
      if (closed) return;
      retry = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      socket?.close();
    },
  };
}
