import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';
import { HeadersSchema } from './journal-entry.js';

/** Why an endpoint did not match a request. */
export const MismatchSchema = Type.Object({
  part: Type.String({ description: '`method`, `path`, `query.page`, `headers.x-tenant`, `cookies.sid`, `body`, or `match` for combinators' }),
  expected: Type.String(),
  actual: Type.Optional(Type.String()),
});

/** An endpoint that nearly matched an unmatched request. */
export const NearMissSchema = Type.Object({
  endpoint: Type.String(),
  method: Type.String(),
  path: Type.String(),
  mismatches: listOf(MismatchSchema),
});
export type NearMiss = Static<typeof NearMissSchema>;

const RateSchema = { quota: Type.Number(), windowSeconds: Type.Number(), bucket: Type.String() };

/** The behaviors that would shape the answer now: the active schedule window's, else the endpoint's base. */
export const ResolvedBehaviorsSchema = Type.Object({
  latency: Type.Optional(Type.String({ description: "the latency distribution's label, e.g. `lognormal(median 100ms, σ 0.5)`" })),
  faults: listOf(Type.Object({ label: Type.String(), rate: Type.Number() })),
  rateLimit: Type.Optional(Type.Object({ ...RateSchema, burst: Type.Number(), key: Type.String() })),
  sharedLimits: listOf(Type.Object(RateSchema), { description: 'rate limits shared by a workflow' }),
  bandwidthBytesPerSecond: Type.Optional(Type.Number()),
  window: Type.Optional(Type.String({ description: 'the schedule window in force' })),
});
export type ResolvedBehaviors = Static<typeof ResolvedBehaviorsSchema>;

/**
 * `POST /api/match`: which endpoint would answer a request now, over the stored state of the
 * sample's session. `stateConsulted` is always true (kept for clients of the earlier answer).
 */
export const MatchReportSchema = Type.Union([
  Type.Object({
    matched: Type.Literal(true),
    endpoint: Type.Object({ id: Type.String(), methods: Type.Union([listOf(Type.String()), Type.Null()]), path: Type.String() }),
    params: Type.Record(Type.String(), Type.String()),
    behaviors: ResolvedBehaviorsSchema,
    stateConsulted: Type.Boolean(),
  }),
  Type.Object({ matched: Type.Literal(false), nearMisses: listOf(NearMissSchema), stateConsulted: Type.Boolean() }),
]);
export type MatchReport = Static<typeof MatchReportSchema>;

/** `POST /api/preview`: the response an endpoint would render for a sample request. */
export const PreviewResponseSchema = Type.Object({
  endpoint: Type.String(),
  status: Type.Integer(),
  headers: HeadersSchema,
  body: Type.String(),
  bodyEncoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')], { description: '`base64` when the body is bytes that are not UTF-8' }),
  variant: Type.Optional(Type.String({ description: 'the variant rendered, when the response has variants (always the first)' })),
  behaviors: ResolvedBehaviorsSchema,
});
export type PreviewResponse = Static<typeof PreviewResponseSchema>;

/** `POST /api/latency/preview`: a latency distribution as the console plots it. */
export const LatencyPreviewSchema = Type.Object({
  label: Type.String({ description: 'e.g. `lognormal(median 100ms, σ 0.5)`' }),
  percentiles: Type.Object({ p50: Type.Number(), p90: Type.Number(), p95: Type.Number(), p99: Type.Number(), p999: Type.Number() }, { description: 'in ms' }),
  bins: listOf(Type.Object({ fromMs: Type.Number(), toMs: Type.Number(), probability: Type.Number() }), {
    description: 'the probability of each of 40 equal bins between the 0.1% and 99.9% quantiles',
  }),
});
export type LatencyPreview = Static<typeof LatencyPreviewSchema>;
