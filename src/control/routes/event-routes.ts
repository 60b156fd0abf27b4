import { repeatInBackground, systemClock, type Clock } from '../../clock/index.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendProblem } from '../problem.js';
import type { EventBus } from '../events/event-bus.js';
import { createEventClient, type EventClient } from '../events/event-client.js';
import { createMetricsWindow } from '../events/metrics-window.js';

export interface EventStreamOptions {
  /** How often `metrics.tick` is sent (default 5000). */
  readonly metricsIntervalMs?: number;
  /** Per client (default 200). */
  readonly maxRequestEventsPerSecond?: number;
  /** Unread bytes after which a client is closed with 1013 (default 1 MiB). */
  readonly maxBufferedBytes?: number;
}

export const EVENTS_PATH = '/api/events';

/**
 * Browsers cannot set headers on a WebSocket, so `/api/events` also takes the key as `?key=`: it is
 * moved into `Authorization` before authentication, unless a header already carries one.
 */
export function adoptQueryKey(request: FastifyRequest): void {
  if (!request.url.startsWith(`${EVENTS_PATH}?`) || request.headers.authorization || request.headers['x-api-key']) return;
  const key = new URLSearchParams(request.url.slice(EVENTS_PATH.length + 1)).get('key');
  if (key) request.headers.authorization = `Bearer ${key}`;
}

/**
 * `GET /api/events`: the WebSocket stream of admin events. The bus is listened to (and metrics are
 * computed) only while at least one client is connected.
 */
export function registerEventRoutes(app: FastifyInstance, bus: EventBus, options: EventStreamOptions = {}, clock: Clock = systemClock): void {
  const metricsIntervalMs = options.metricsIntervalMs ?? 5000;
  const clientOptions = {
    maxRequestEventsPerSecond: options.maxRequestEventsPerSecond ?? 200,
    maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
    now: () => clock.epochMs(),
  };
  const clients = new Set<EventClient>();
  const metrics = createMetricsWindow();
  let stop: (() => void) | undefined;

  const start = () => {
    const unsubscribe = bus.subscribe((event) => {
      if (event.type === 'request.completed') metrics.add(event.data.endpoint, event.data.status, event.data.durationMs, event.data.abandoned);
      for (const client of clients) client.deliver(event);
    });
    const ticking = repeatInBackground(clock, metricsIntervalMs, () => bus.publish(metrics.tick(metricsIntervalMs)));
    stop = () => {
      unsubscribe();
      ticking.stop();
      metrics.tick(metricsIntervalMs);
    };
  };

  app.route({
    method: 'GET',
    url: EVENTS_PATH,
    schema: {
      summary: 'Live events (WebSocket)',
      description:
        'Upgrade to a WebSocket (the key may be sent as ?key= since browsers cannot set headers). Send ' +
        '{ "subscribe": ["config","endpoint","workflow","state","request","metrics","warning"], "filter": { "endpoint": "id", "status": 200 } } ' +
        'to choose topics (default: all but request). Events are { type, time, data }; request.completed is sampled ' +
        '(a "dropped" count comes with the next one), and a client that does not read is closed with 1013.',
      tags: ['events'],
    },
    // `wsHandler` rather than `websocket: true`, which would hide the route from the OpenAPI document.
    wsHandler: (socket) => {
      const client = createEventClient(socket, clientOptions);
      clients.add(client);
      if (!stop) start();
      socket.on('message', (data, isBinary) => {
        if (!isBinary) client.receive(data.toString());
      });
      socket.on('close', () => {
        clients.delete(client);
        if (clients.size === 0 && stop) {
          stop();
          stop = undefined;
        }
      });
    },
    // A plain GET, without the upgrade.
    handler: (_request, reply) => sendProblem(reply, 'ADMIN_UPGRADE_REQUIRED', `connect to ${EVENTS_PATH} with a WebSocket client`),
  });
}
