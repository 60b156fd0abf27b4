import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';

/** Where a target stands in its upstream's rotation. */
export const TargetHealthSchema = Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy'), Type.Literal('ejected'), Type.Literal('drained')], {
  description:
    'healthy: in rotation; unhealthy: active probes failed; ejected: outlier detection took it out until `ejectedUntil`; drained: taken out through the admin API (finishes what is in flight)',
});
export type TargetHealth = Static<typeof TargetHealthSchema>;

const OutcomesSchema = Type.Object(
  {
    complete: Type.Integer(),
    failed: Type.Integer({ description: 'answered with a coded problem (unreachable, timeout, invalid HTTP)' }),
    reset: Type.Integer({ description: 'broken after the status went out (by the backend, or a reset fault)' }),
    abandoned: Type.Integer({ description: 'the client left first' }),
  },
  { description: 'Forwarded requests since the target joined, by how they ended' },
);

export const TargetStatusSchema = Type.Object({
  index: Type.Integer({ description: "the target's position in the upstream's `targets` (drain and enable name it)" }),
  url: Type.String(),
  weight: Type.Number(),
  health: TargetHealthSchema,
  /** In rotation now (also true for every target of an upstream in panic mode). */
  available: Type.Boolean(),
  probedHealthy: Type.Boolean({ description: "the active probes' verdict (true without probes)" }),
  ejectedUntil: Type.Optional(Type.String({ format: 'date-time' })),
  ejections: Type.Integer({ description: 'times outlier detection ejected it' }),
  drained: Type.Boolean(),
  inflight: Type.Integer(),
  requests: Type.Integer(),
  errors: Type.Integer({ description: 'requests that did not complete (failed, reset or abandoned)' }),
  outcomes: OutcomesSchema,
  latencyMs: Type.Number({ description: 'peak-EWMA of the time to the response head, ms' }),
  breaker: Type.Optional(
    Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half-open')], {
      description: "the target's circuit breaker (the last state it moved to, any endpoint's); absent when the upstream has no circuitBreaker",
    }),
  ),
});
export type TargetStatus = Static<typeof TargetStatusSchema>;

export const UpstreamStatusSchema = Type.Object({
  id: Type.String(),
  balance: Type.String(),
  panic: Type.Boolean({ description: "fewer than the panic share of targets is healthy: all take traffic (Envoy's panic mode)" }),
  healthyTargets: Type.Integer({ description: 'targets healthy by probes and outlier detection and not drained' }),
  inflight: Type.Integer(),
  pending: Type.Integer({ description: 'requests waiting for a connection (bounded by pool.maxPending)' }),
  targets: listOf(TargetStatusSchema),
});
export type UpstreamStatus = Static<typeof UpstreamStatusSchema>;

export const UpstreamListSchema = Type.Object({ items: listOf(UpstreamStatusSchema) });
export type UpstreamList = Static<typeof UpstreamListSchema>;

/** A proxied request's journal field: where it went and how that went. */
export const UpstreamAttemptSchema = Type.Object({
  upstream: Type.String(),
  target: Type.String({ description: "the target's URL; empty when none was chosen (no healthy target)" }),
  status: Type.Integer({ description: "the backend's status; 0 when it never answered" }),
  upstreamMs: Type.Number({ description: 'from dispatch to the backend’s response head, ms; -1 when it never answered' }),
  outcome: Type.Union([Type.Literal('complete'), Type.Literal('failed'), Type.Literal('reset'), Type.Literal('abandoned')]),
  tunnel: Type.Optional(
    Type.Object(
      { bytesToClient: Type.Integer(), bytesToBackend: Type.Integer() },
      { description: 'a WebSocket (Upgrade) tunnel: the bytes that went each way after the 101; the entry’s completeMs is its duration' },
    ),
  ),
  attempts: Type.Optional(
    listOf(
      Type.Object({
        target: Type.String({ description: "the target's URL; empty when none was chosen" }),
        outcome: Type.String({ description: 'the status it answered, or how it failed (connect-failure, reset, timeout, protocol, circuit-open, cancelled…)' }),
        ms: Type.Number({ description: 'from its send to its answer (or failure), ms' }),
      }),
      { description: 'resilience policies: every attempt, retries and hedges included, in the order they ended (at most 16)' },
    ),
  ),
  hedges: Type.Optional(Type.Integer({ description: 'resilience policies: hedged attempts sent' })),
  fallback: Type.Optional(Type.String({ description: 'why the fallback answered (`x-mimicus-fallback`), when it did' })),
});
export type UpstreamAttempt = Static<typeof UpstreamAttemptSchema>;

/** `upstream.health`: a target left or rejoined the rotation. */
export const UpstreamHealthSchema = Type.Object({
  upstream: Type.String(),
  target: Type.String({ description: "the target's URL" }),
  index: Type.Integer(),
  health: TargetHealthSchema,
  available: Type.Boolean(),
  ejections: Type.Integer(),
  healthyTargets: Type.Integer(),
});
export type UpstreamHealth = Static<typeof UpstreamHealthSchema>;

/** `POST /api/endpoints/{id}/test`: one request sent through an endpoint and what came back. */
export const EndpointTestRequestSchema = Type.Object(
  {
    method: Type.Optional(Type.String({ pattern: '^[A-Z]{1,16}$', description: "default: the endpoint's method, else GET" })),
    path: Type.Optional(Type.String({ pattern: '^/', maxLength: 2048, description: "default: the endpoint's path when it has no parameters" })),
    headers: Type.Optional(Type.Record(Type.String({ maxLength: 256 }), Type.String({ maxLength: 8192 }), { maxProperties: 64 })),
    body: Type.Optional(Type.String({ maxLength: 65536 })),
  },
  { additionalProperties: false },
);
export type EndpointTestRequest = Static<typeof EndpointTestRequestSchema>;

export const EndpointTestResultSchema = Type.Object({
  endpoint: Type.String(),
  request: Type.Object({ method: Type.String(), path: Type.String() }),
  status: Type.Integer({ description: 'the answer status; 0 when the connection broke without one (a reset or empty fault)' }),
  headers: Type.Record(Type.String(), Type.String()),
  body: Type.String({ description: 'the first 64 KiB of the body, UTF-8' }),
  bodyBytes: Type.Integer(),
  truncated: Type.Boolean(),
  durationMs: Type.Number(),
  error: Type.Optional(Type.String({ description: 'what broke the exchange (a reset, a timeout of the test)' })),
  matchedEndpoint: Type.Optional(Type.String({ description: 'the endpoint that answered, when the journal could tell' })),
});
export type EndpointTestResult = Static<typeof EndpointTestResultSchema>;
