import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';
import { UpstreamAttemptSchema } from './upstream-status.js';

/** One committed state write, as the state store took it. */
export const JournalStateChangeSchema = Type.Object({
  kind: Type.Union([Type.Literal('set'), Type.Literal('delete'), Type.Literal('increment')]),
  key: Type.String({ description: 'the stored key, e.g. `session:abc:var:cart`' }),
  value: Type.Optional(Type.Unknown()),
  by: Type.Optional(Type.Number()),
  ttlMs: Type.Optional(Type.Number({ description: 'a set that expires: this long after the commit' })),
});
export type JournalStateChange = Static<typeof JournalStateChangeSchema>;

/** What the engine applied to a request: the behaviors that shaped its answer. */
export const AppliedSummarySchema = Type.Object({
  endpointId: Type.Optional(Type.String({ description: 'the matched endpoint; absent when no endpoint matched' })),
  delayMs: Type.Number({ description: 'the sampled latency (arrival to first byte)' }),
  fault: Type.Optional(Type.String({ description: "the injected fault's label (e.g. `status 503`, `reset`)" })),
  faultKind: Type.Optional(Type.String({ description: "the injected fault's kind (`status`, `reset`, …)" })),
  variant: Type.Optional(Type.String({ description: 'the variant that answered, when the response has variants' })),
  window: Type.Optional(Type.String({ description: 'the schedule window in force' })),
  rateLimited: Type.Optional(Type.Boolean({ description: 'true when a rate limit refused the request' })),
  rateLimitBucket: Type.Optional(Type.String({ description: "the bucket that refused it (the endpoint id, or the shared bucket's name)" })),
  nearMisses: Type.Optional(Type.Integer({ description: 'unmatched requests: how many near misses the 404 listed' })),
  stateChanges: Type.Optional(listOf(JournalStateChangeSchema, { description: 'the state writes the request committed' })),
  upstream: Type.Optional(UpstreamAttemptSchema),
});
export type AppliedSummary = Static<typeof AppliedSummarySchema>;

/** A body as read back: UTF-8 text, or base64 for bytes that are not. */
export const JournalBodySchema = Type.Object({
  encoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
  data: Type.String(),
  sizeBytes: Type.Integer({ description: 'size of the whole body in bytes (before truncation)' }),
  truncated: Type.Boolean({ description: 'true when `data` holds only the first `journal.maxBodySize` bytes' }),
});
export type JournalBody = Static<typeof JournalBodySchema>;

/** Header values as sent: a header that came more than once (set-cookie, a repeated x-tag) is a list. */
export const HeadersSchema = Type.Record(Type.String(), Type.Union([Type.String(), listOf(Type.String())]));
export type Headers = Static<typeof HeadersSchema>;

const summaryProperties = {
  id: Type.String(),
  time: Type.String({ format: 'date-time', description: 'arrival' }),
  method: Type.String(),
  path: Type.String(),
  status: Type.Integer({ description: 'the status answered (or about to be, when abandoned); 0 when there was none' }),
  matched: Type.Boolean(),
  endpointId: Type.Optional(Type.String()),
  session: Type.Optional(Type.String()),
  durationMs: Type.Number({ description: 'arrival to the last byte' }),
  abandoned: Type.Boolean({ description: 'the client left before the response was sent (or while it was)' }),
};

/** One journal entry in a list: enough to find the request, without headers and bodies. */
export const JournalSummarySchema = Type.Object({
  ...summaryProperties,
  instance: Type.Optional(Type.String({ description: 'scope=cluster or instance=…: the instance that served it (read it with ?instance=)' })),
});
export type JournalSummary = Static<typeof JournalSummarySchema>;

/** `GET /api/requests/{id}`: one entry with everything applied and exchanged (redacted, truncated). */
export const JournalEntrySchema = Type.Object({
  ...summaryProperties,
  url: Type.String({ description: 'with secret query parameters redacted' }),
  applied: AppliedSummarySchema,
  timings: Type.Object({
    arrivedAt: Type.String({ format: 'date-time' }),
    firstByteMs: Type.Number(),
    completeMs: Type.Number(),
  }),
  request: Type.Object({ headers: HeadersSchema, body: Type.Optional(JournalBodySchema) }),
  response: Type.Object({ headers: HeadersSchema, body: Type.Optional(JournalBodySchema) }),
});
export type JournalEntry = Static<typeof JournalEntrySchema>;

/** `GET /api/requests`: newest first; pass `nextCursor` back as `cursor` for the next page. */
export const JournalListSchema = Type.Object({
  items: listOf(JournalSummarySchema),
  nextCursor: Type.Optional(Type.String()),
  dropped: Type.Integer({ description: 'requests kept in memory only: more arrived a second than the journal persists' }),
  instances: Type.Optional(listOf(Type.String(), { description: 'scope=cluster or instance=…: the instances that answered' })),
  unanswered: Type.Optional(
    listOf(Type.String(), { description: 'instances asked that did not answer within 2 s: left out of this page, asked again with the cursor' }),
  ),
});
export type JournalList = Static<typeof JournalListSchema>;
