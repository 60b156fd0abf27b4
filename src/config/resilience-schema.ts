/**
 * The resilience blocks of an upstream (`circuitBreaker`, `retry`, `timeout`, `hedge`,
 * `bulkhead`), each overridable in an endpoint's `proxy:` (where `false` turns one off), and the
 * `fallback` of a proxied endpoint. No `node:*` imports: the web UI imports this through schema.ts.
 */
import Type, { type TSchema } from 'typebox';
import { SizeSchema } from './size-schema.js';

const DurationSchema = Type.Ref('Duration');
const message = (errorMessage: string) => ({ errorMessage });
const strict = { additionalProperties: false } as const;

/** What went wrong with one attempt, as retryOn and failOn name it; a status code or "5xx" too. */
const ConditionSchema = Type.Union(
  [Type.String({ pattern: '^(connect-failure|reset|timeout|5xx|[1-5]\\d\\d)$' }), Type.Integer({ minimum: 100, maximum: 599 })],
  {
    description: 'connect-failure, reset, timeout, 5xx, or a status code such as 429, 502, 503, 504',
    ...message('expected connect-failure, reset, timeout, 5xx or a status code like 503'),
  },
);

const CircuitBreakerSchema = Type.Object(
  {
    failureThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 5, description: 'Consecutive failures that open the circuit' })),
    errorRateThreshold: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.5, description: 'Share of failures over the rolling window that opens the circuit' }),
    ),
    minRequests: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1_000_000, default: 20, description: 'Requests in the window before the error rate counts' }),
    ),
    window: Type.Optional(Type.Ref('Duration', { description: 'The rolling window of the error rate (default 10s)' })),
    openFor: Type.Optional(Type.Ref('Duration', { description: 'How long the circuit stays open after its first trip (default 30s)' })),
    maxOpenFor: Type.Optional(Type.Ref('Duration', { description: 'Cap of openFor, which doubles with each trip in a row (default 5m)' })),
    halfOpenMaxRequests: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 3, description: 'Probes let through at once while half-open' })),
    successThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 3, description: 'Successful probes that close the circuit again' })),
    failOn: Type.Optional(
      Type.Array(ConditionSchema, { minItems: 1, maxItems: 32, description: 'What counts as a failure (default connect-failure, timeout, reset, 5xx)' }),
    ),
  },
  { ...strict, description: 'A circuit breaker per target: closed → open → half-open → closed' },
);

const BackoffSchema = Type.Object(
  {
    base: Type.Optional(Type.Ref('Duration', { description: 'The first backoff (default 25ms); it doubles per retry' })),
    max: Type.Optional(Type.Ref('Duration', { description: 'The longest backoff (default 250ms)' })),
    jitter: Type.Optional(
      Type.Union([Type.Literal('full'), Type.Literal('equal'), Type.Literal('decorrelated'), Type.Literal('none')], {
        default: 'full',
        ...message('expected full, equal, decorrelated or none'),
      }),
    ),
  },
  strict,
);

const RetrySchema = Type.Object(
  {
    attempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 3, description: 'Tries in all, the first one included' })),
    perTryTimeout: Type.Optional(Type.Ref('Duration', { description: 'Each try gives up after this (default: none)' })),
    retryOn: Type.Optional(
      Type.Array(ConditionSchema, { minItems: 1, maxItems: 32, description: 'What is retried (default connect-failure, reset, 502, 503, 504)' }),
    ),
    backoff: Type.Optional(BackoffSchema),
    retryNonIdempotent: Type.Optional(
      Type.Boolean({ default: false, description: 'Retry POST and PATCH too (they are retried anyway when the request has an Idempotency-Key)' }),
    ),
    // A request body up to this size is kept to be sent again (default 64KiB); larger ones are not retried.
    maxReplayBody: Type.Optional(SizeSchema),
    budget: Type.Optional(
      Type.Object(
        {
          percent: Type.Optional(
            Type.Number({ minimum: 0, maximum: 100, default: 20, description: 'Retries in flight at most this share of requests in flight' }),
          ),
          minConcurrency: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 3, description: 'Retries always allowed in flight at once' })),
          maxTokens: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 1000,
              default: 10,
              description: 'Retry throttling (gRPC): a bucket of tokens; a failure retryOn lists takes one; no retry at or below half; 0 turns it off',
            }),
          ),
          tokenRatio: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: 1000, default: 0.5, description: 'Tokens a good answer gives back to the bucket' }),
          ),
        },
        {
          ...strict,
          description: "Envoy's concurrency share and gRPC's retry throttling, both: a failing backend is not hammered by a retry storm, at any load",
        },
      ),
    ),
  },
  { ...strict, description: 'Retries with exponential backoff and jitter, to another target when there is one' },
);

const TimeoutSchema = Type.Union(
  [
    DurationSchema,
    Type.Object(
      {
        total: DurationSchema,
        header: Type.Optional(
          Type.Union([Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" }), Type.Literal(false)], {
            description: 'Header carrying the remaining ms upstream, read from the client to shorten ours (default x-mimicus-timeout-ms; false: neither)',
          }),
        ),
      },
      strict,
    ),
  ],
  { description: 'The whole request, retries included: a duration, or { total, header }', ...message('expected a duration or { total, header }') },
);

const HedgeSchema = Type.Object(
  {
    after: Type.Union([DurationSchema, Type.String({ pattern: '^p(50|75|90|95|99|99\\.9)$' })], {
      description: "When to send another attempt: a delay, or the target's observed percentile (p50, p75, p90, p95, p99, p99.9)",
      ...message('expected a duration like "50ms" or a percentile like p95'),
    }),
    max: Type.Optional(Type.Integer({ minimum: 1, maximum: 3, default: 1, description: 'Extra attempts at most' })),
    budgetPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100, default: 10, description: 'Hedges at most this share of requests' })),
  },
  { ...strict, description: 'Hedged requests: another attempt to another target when the first is slow; the first good answer wins' },
);

const BulkheadSchema = Type.Object(
  {
    maxConcurrent: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Requests forwarded at once' }),
    maxQueued: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0, description: 'Requests waiting for a slot' })),
    queueTimeout: Type.Optional(Type.Ref('Duration', { description: 'How long a request waits for a slot (default 1s)' })),
  },
  { ...strict, description: 'Bounds what is forwarded at once; a full bulkhead answers 503 UPSTREAM_BULKHEAD_FULL with Retry-After at once' },
);

/** The blocks of an upstream. */
export const upstreamResilienceBlocks = {
  circuitBreaker: Type.Optional(CircuitBreakerSchema),
  retry: Type.Optional(RetrySchema),
  timeout: Type.Optional(TimeoutSchema),
  hedge: Type.Optional(HedgeSchema),
  bulkhead: Type.Optional(BulkheadSchema),
};

const off = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Literal(false)]));

/** The same blocks on an endpoint's `proxy:`; `false` turns the upstream's off for this endpoint. */
export const proxyResilienceBlocks = {
  circuitBreaker: off(CircuitBreakerSchema),
  retry: off(RetrySchema),
  hedge: off(HedgeSchema),
  bulkhead: off(BulkheadSchema),
};

/**
 * `fallback:` on a proxied endpoint: a response (like `response:`), weighted `variants`, another
 * `upstream`, or the `stale` last good answer; it answers when the policies give up. Built from schema.ts's own response
 * and variant schemas (passed in, so the two files do not import each other).
 */
export function fallbackSchema<R extends TSchema, V extends TSchema>(response: R, variant: V) {
  return Type.Union(
    [
      Type.Object({ variants: Type.Array(variant, { minItems: 1 }) }, strict),
      Type.Object({ upstream: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', description: 'Forward once to this upstream instead' }) }, strict),
      Type.Object(
        {
          stale: Type.Object(
            {
              maxStale: Type.Optional(Type.Ref('Duration', { description: 'The oldest kept answer that may be served (default 5m)' })),
              maxSize: Type.Optional(
                Type.Union([SizeSchema], {
                  description: 'Bytes kept for this endpoint at most, least recently used evicted first (default 8MiB, at most 256MiB)',
                }),
              ),
            },
            { ...strict, description: 'The last good answer (2xx to a GET or HEAD, up to 64KiB) for the same method, path, query and credentials' },
          ),
        },
        strict,
      ),
      response,
    ],
    {
      description:
        'What a proxied endpoint answers when its backend fails (circuit open, no healthy target, retries spent, bulkhead full, deadline passed): a response, { variants }, { upstream }, or { stale }',
      ...message('expected a response block, { variants: [...] }, { upstream: <id> } or { stale: { maxStale } }'),
    },
  );
}
