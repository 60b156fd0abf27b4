import { Type, type Static, type TSchema } from 'typebox';
import { listOf } from './list-of.js';
import { ConfigIssueSchema } from './problem.js';
import { UpstreamHealthSchema } from './upstream-status.js';

/** The topics a client of `GET /api/events` subscribes to. */
export const eventTopics = ['config', 'endpoint', 'workflow', 'state', 'request', 'metrics', 'warning', 'upstream'] as const;
export type EventTopic = (typeof eventTopics)[number];

const event = <Name extends string, Data extends TSchema>(type: Name, data: Data) =>
  Type.Object({ type: Type.Literal(type), time: Type.String({ format: 'date-time' }), data });

/** One endpoint's numbers over the last metrics interval (`metrics.tick`). */
export const TickEndpointMetricsSchema = Type.Object({
  endpoint: Type.String({ description: 'the endpoint id, or `(unmatched)`' }),
  requests: Type.Integer(),
  rps: Type.Number(),
  errors: Type.Integer({ description: 'answers with status ≥ 500, or abandoned' }),
  p50Ms: Type.Number(),
  p99Ms: Type.Number(),
});
export type TickEndpointMetrics = Static<typeof TickEndpointMetricsSchema>;

export const ConfigAppliedSchema = Type.Object({
  version: Type.Optional(Type.Integer()),
  author: Type.String(),
  message: Type.Optional(Type.String()),
  summary: Type.Optional(Type.String()),
  timestamp: Type.Optional(Type.String({ format: 'date-time' })),
  source: Type.Optional(Type.String({ description: 'api, import, restore, reload, file or programmatic' })),
  restartNeeded: Type.Optional(
    listOf(Type.String(), { description: 'settings read once at start that the change sets (e.g. `server.port`): they apply at the next start' }),
  ),
});

export const ConfigRejectedSchema = Type.Object({
  source: Type.String(),
  author: Type.Optional(Type.String()),
  issues: listOf(ConfigIssueSchema),
});

const IdSchema = Type.Object({ id: Type.String() });

export const StateChangedSchema = Type.Object({
  action: Type.Union(
    [Type.Literal('set'), Type.Literal('delete'), Type.Literal('reset'), Type.Literal('workflow.set'), Type.Literal('workflow.reset'), Type.Literal('written')],
    { description: '`written`: what data-plane requests wrote, gathered over a short interval; the others are admin changes' },
  ),
  source: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('data-plane')])),
  scope: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  workflow: Type.Optional(Type.String()),
  value: Type.Optional(Type.Unknown()),
  count: Type.Optional(Type.Integer()),
  keys: Type.Optional(
    listOf(
      Type.Object({
        scope: Type.Optional(Type.String()),
        kind: Type.Optional(Type.String()),
        name: Type.String(),
        action: Type.Union([Type.Literal('set'), Type.Literal('delete')]),
      }),
      { description: '`written` only: the keys written (the newest 50), each with its scope, kind and name' },
    ),
  ),
});
export type StateChanged = Static<typeof StateChangedSchema>;

/** `request.completed`: no journal id, so a client refetches the journal for details. */
export const RequestCompletedSchema = Type.Object({
  method: Type.String(),
  path: Type.String(),
  status: Type.Integer(),
  endpoint: Type.Optional(Type.String()),
  durationMs: Type.Number(),
  abandoned: Type.Boolean(),
});
export type RequestCompleted = Static<typeof RequestCompletedSchema>;

export const MetricsTickSchema = Type.Object({
  intervalMs: Type.Number(),
  rps: Type.Number(),
  errors: Type.Integer(),
  endpoints: listOf(TickEndpointMetricsSchema),
});
export type MetricsTick = Static<typeof MetricsTickSchema>;

export const WarningSchema = Type.Object({
  message: Type.String(),
  code: Type.Optional(Type.String()),
  threshold: Type.Optional(Type.Number({ description: 'CPU warnings (`code: CPU_SATURATED`): the threshold in percent of one core' })),
  cpuPercent: Type.Optional(Type.Number()),
  elu: Type.Optional(Type.Number()),
  state: Type.Optional(Type.Union([Type.Literal('raised'), Type.Literal('cleared')])),
});
export type Warning = Static<typeof WarningSchema>;

const BreakerStateSchema = Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half-open')]);

/** `upstream.breaker`: a target's circuit breaker changed state. */
export const UpstreamBreakerSchema = Type.Object({
  upstream: Type.String(),
  target: Type.String({ description: "the target's url" }),
  from: BreakerStateSchema,
  to: BreakerStateSchema,
});

/** `upstream.fallback`: an endpoint's fallback answered; at most one event per upstream and reason a second, `count` says how many. */
export const UpstreamFallbackSchema = Type.Object({
  upstream: Type.String(),
  reason: Type.String({ description: 'as `x-mimicus-fallback` says it: circuit-open, upstream-503, deadline-exceeded…' }),
  count: Type.Integer({ description: 'fallbacks for this upstream and reason since the last such event, this one included' }),
});

/** Every event `GET /api/events` streams (WebSocket): `type` names it, `data` is its payload, `time` is ISO. */
export const AdminEventSchema = Type.Union([
  event('config.applied', ConfigAppliedSchema),
  event('config.rejected', ConfigRejectedSchema),
  event('endpoint.created', IdSchema),
  event('endpoint.updated', IdSchema),
  event('endpoint.deleted', IdSchema),
  event('workflow.created', IdSchema),
  event('workflow.updated', IdSchema),
  event('workflow.deleted', IdSchema),
  event('state.changed', StateChangedSchema),
  Type.Object({
    ...event('request.completed', RequestCompletedSchema).properties,
    dropped: Type.Optional(
      Type.Integer({ description: 'request events this client missed just before this one (at most `maxRequestEventsPerSecond` are sent)' }),
    ),
  }),
  event('metrics.tick', MetricsTickSchema),
  event('warning', WarningSchema),
  event('upstream.breaker', UpstreamBreakerSchema),
  event('upstream.fallback', UpstreamFallbackSchema),
  event('upstream.health', UpstreamHealthSchema),
]);
export type AdminEvent = Static<typeof AdminEventSchema>;
export type AdminEventType = AdminEvent['type'];
/** An event before it is stamped with its time. */
type WithoutTime<Event> = Event extends unknown ? Omit<Event, 'time'> : never;
export type AdminEventBody = WithoutTime<AdminEvent>;

/** The stream's answer to a subscription (`{ subscribe: [...topics], filter? }`), and its first message. */
export const SubscribedSchema = event(
  'subscribed',
  Type.Object({
    topics: listOf(Type.Enum(eventTopics)),
    filter: Type.Object({ endpoint: Type.Optional(Type.String()), status: Type.Optional(Type.Integer()) }),
  }),
);

/** Every message `GET /api/events` sends: the confirmation of a subscription, then events. */
export const EventStreamMessageSchema = Type.Union([SubscribedSchema, ...AdminEventSchema.anyOf]);
export type EventStreamMessage = Static<typeof EventStreamMessageSchema>;
