/**
 * The behavior blocks of a config: latency, errors, rateLimit, bandwidth and schedule. Each may sit
 * in `defaults`, on an endpoint, and (all but schedule) inside a schedule window; the more specific
 * place wins (defaults < endpoint < active window). No `node:*` imports: the web UI imports this.
 */
import Type from 'typebox';
import { SizeSchema } from './size-schema.js';
/** Durations are defined once in the config's `$defs` (schema.ts): they occur dozens of times here. */
const DurationSchema = Type.Ref('Duration');

const message = (errorMessage: string) => ({ errorMessage });
const strict = { additionalProperties: false } as const;

const Clamps = {
  min: Type.Optional(DurationSchema),
  max: Type.Optional(DurationSchema),
};

const Sigma = Type.Number({ exclusiveMinimum: 0, ...message('must be a number greater than 0') });

/** The distribution families, each keyed by its name; shared by a latency and a mixture component. */
const families = {
  fixed: DurationSchema,
  uniform: Type.Object({ min: DurationSchema, max: DurationSchema }, strict),
  normal: Type.Object({ mean: DurationSchema, stddev: DurationSchema }, strict),
  lognormal: Type.Union(
    [
      Type.Object({ median: DurationSchema, sigma: Sigma }, strict),
      Type.Object({ p50: DurationSchema, p99: DurationSchema }, strict),
      Type.Object({ mean: DurationSchema, stddev: DurationSchema }, strict),
    ],
    message('expected { median, sigma }, { p50, p99 } or { mean, stddev }'),
  ),
  exponential: Type.Object({ mean: DurationSchema }, strict),
  pareto: Type.Object({ scale: DurationSchema, shape: Sigma }, strict),
  percentiles: Type.Record(Type.String({ pattern: '^(p\\d{1,2}(\\.\\d+)?|min|max)$' }), DurationSchema, {
    description: 'Points of the distribution read off a dashboard: { p50: 80ms, p90: 200ms, p99: 900ms, max: 3s }',
    minProperties: 1,
    ...message('expected percentile points like { p50: 80ms, p99: 900ms, max: 3s } (keys p0-p99.9, min, max)'),
  }),
};

type FamilyName = keyof typeof families;
/** A mutable tuple with each element's own type, as Type.Union wants. */
const tuple = <T extends unknown[]>(...items: T): T => items;
const familyNames = Object.keys(families) as FamilyName[];

/** One object per family: `{ lognormal: {...}, min?, max? }`, plus `extra` keys (mixture weight). */
function familyObjects<Extra extends Record<string, Type.TSchema>>(extra: Extra) {
  return tuple(
    Type.Object({ fixed: families.fixed, ...Clamps, ...extra }, strict),
    Type.Object({ uniform: families.uniform, ...Clamps, ...extra }, strict),
    Type.Object({ normal: families.normal, ...Clamps, ...extra }, strict),
    Type.Object({ lognormal: families.lognormal, ...Clamps, ...extra }, strict),
    Type.Object({ exponential: families.exponential, ...Clamps, ...extra }, strict),
    Type.Object({ pareto: families.pareto, ...Clamps, ...extra }, strict),
    Type.Object({ percentiles: families.percentiles, ...Clamps, ...extra }, strict),
  );
}

export const MixtureComponentSchema = Type.Union(familyObjects({ weight: Type.Number({ exclusiveMinimum: 0 }) }), {
  ...message(`expected { weight, <one of ${familyNames.join(', ')}> }`),
});

/** On a proxied endpoint: whether the latency adds to the backend's own time or is the whole time to the first byte. */
const LatencyMode = {
  mode: Type.Optional(
    Type.Union([Type.Literal('add'), Type.Literal('total')], {
      description:
        "Proxied endpoints: add (default) waits the sampled latency before forwarding, on top of the backend's time; total releases the answer no earlier than the sampled latency after arrival, the backend's time counting toward it. Mocks always count in total",
      ...message('expected add or total'),
    }),
  ),
};

export const LatencySchema = Type.Union(
  [...familyObjects(LatencyMode), Type.Object({ mixture: Type.Array(Type.Ref('MixtureComponent'), { minItems: 1 }), ...Clamps, ...LatencyMode }, strict)],
  {
    description:
      'Time from request arrival to the first response byte: fixed, uniform, normal, lognormal, exponential, pareto, percentiles or mixture, with optional min/max clamps (and mode: add | total on proxied endpoints)',
    ...message(`expected one of ${[...familyNames, 'mixture'].join(', ')} (with optional min and max)`),
  },
);

const HeaderValues = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));
const Rate = Type.Number({ minimum: 0, maximum: 1, ...message('must be a probability from 0 to 1') });

/** What a fault that answers (status, error-in-payload) may say, as in a response. */
const FaultBody = {
  headers: Type.Optional(HeaderValues),
  body: Type.Optional(Type.String()),
  json: Type.Optional(Type.Unknown()),
  template: Type.Optional(Type.Boolean()),
};

/** Fault kinds. `status` (the default kind) answers an error response. */
export const FaultSchema = Type.Union(
  [
    Type.Object(
      {
        rate: Rate,
        kind: Type.Optional(Type.Literal('status')),
        status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, ...message('must be an integer 100-599') })),
        ...FaultBody,
      },
      strict,
    ),
    Type.Object(
      {
        rate: Rate,
        kind: Type.Literal('error-in-payload'),
        ...FaultBody,
      },
      strict,
    ),
    Type.Object(
      {
        rate: Rate,
        kind: Type.Literal('corrupt'),
        truncate: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Fraction of the body to keep' })),
        replace: Type.Optional(Type.Object({ find: Type.String({ minLength: 1 }), with: Type.String() }, strict)),
        garbage: Type.Optional(Type.Integer({ minimum: 1, description: 'This many random bytes instead of the body' })),
        invalidJson: Type.Optional(Type.Literal(true, { description: 'Break the JSON syntax of the body' })),
      },
      { ...strict, description: 'Exactly one of truncate, replace, garbage, invalidJson' },
    ),
    Type.Object(
      {
        rate: Rate,
        kind: Type.Literal('reset'),
        // Body bytes sent before the reset; default half the body (of a proxied answer without a length: its first chunk).
        after: Type.Optional(SizeSchema),
      },
      strict,
    ),
    Type.Object({ rate: Rate, kind: Type.Literal('empty') }, strict),
    Type.Object({ rate: Rate, kind: Type.Literal('hang'), max: Type.Optional(DurationSchema) }, strict),
    Type.Object(
      {
        rate: Rate,
        kind: Type.Literal('dribble'),
        chunks: Type.Integer({ minimum: 2 }),
        over: DurationSchema,
      },
      strict,
    ),
  ],
  { ...message('expected a fault: { rate, kind: status | error-in-payload | corrupt | reset | empty | hang | dribble, … }') },
);

export const RateLimitSchema = Type.Object(
  {
    rate: Type.String({
      pattern: '^\\s*\\d+(\\.\\d+)?\\s*/\\s*(ms|s|m|h)\\s*$',
      ...message('expected a rate like "100/s", "6000/m" or "10/h"'),
    }),
    burst: Type.Optional(Type.Integer({ minimum: 1, description: 'Bucket size; defaults to one second of rate (at least 1)' })),
    key: Type.Optional(
      Type.String({
        pattern: '^(endpoint|global|client|session|header:.+|query:.+)$',
        description: 'One bucket per: endpoint (default), global, client (remote IP), session, header:<name>, query:<name>',
        ...message('expected endpoint, global, client, session, header:<name> or query:<name>'),
      }),
    ),
    bucket: Type.Optional(Type.String({ minLength: 1, description: 'A shared bucket name: endpoints naming it share its tokens' })),
    maxKeys: Type.Optional(Type.Integer({ minimum: 1, description: 'Buckets kept per limiter (least recently used go first); default 10000' })),
    scope: Type.Optional(
      Type.Union([Type.Literal('cluster'), Type.Literal('instance')], {
        description:
          'cluster (default): with state.store redis, one bucket in Redis shared by every instance; instance: a bucket in each instance. Without Redis both are per instance',
        ...message('expected "cluster" or "instance"'),
      }),
    ),
    status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
    body: Type.Optional(Type.String()),
    json: Type.Optional(Type.Unknown()),
  },
  { ...strict, description: 'Token bucket: answers 429 with Retry-After and RateLimit headers when empty' },
);

export const BandwidthSchema = Type.String({
  pattern: '^\\s*\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|KiB|MiB|GiB|kB|k|K|M|G)?\\s*/\\s*s\\s*$',
  description: 'Response body rate cap, e.g. "64KiB/s"',
  ...message('expected a rate like "64KiB/s" or "1MB/s"'),
});

/**
 * The blocks every level may set, as references into the config's `$defs` (schema.ts defines
 * Latency, Fault, RateLimit, ScheduleWindow and Schedule there). Inlined, they would be copied into
 * defaults, every endpoint and every window: the published schema grew fourteenfold that way, and
 * so did the validator Ajv compiles from it.
 */
export const behaviorBlocks = {
  latency: Type.Optional(Type.Ref('Latency')),
  errors: Type.Optional(Type.Array(Type.Ref('Fault'))),
  rateLimit: Type.Optional(Type.Ref('RateLimit')),
  bandwidth: Type.Optional(BandwidthSchema),
};

const Day = Type.String({
  pattern: '^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$',
  ...message('expected a day (mon … sun) or a range like mon-fri'),
});
const TimeOfDay = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', ...message('expected a time like "09:00" (00:00-24:00)') });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', ...message('expected a date like "2026-12-24"') });

export const ScheduleWindowSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    days: Type.Optional(Type.Array(Day, { minItems: 1 })),
    between: Type.Optional(Type.Tuple([TimeOfDay, TimeOfDay], message('expected ["HH:MM", "HH:MM"]'))),
    dates: Type.Optional(Type.Object({ from: Type.Optional(DateText), to: Type.Optional(DateText) }, strict)),
    ...behaviorBlocks,
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, description: 'Overrides the response status' })),
    response: Type.Optional(
      Type.Object(
        {
          status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
          headers: Type.Optional(HeaderValues),
          body: Type.Optional(Type.String()),
          json: Type.Optional(Type.Unknown()),
          template: Type.Optional(Type.Boolean()),
        },
        { ...strict, description: 'Replaces the response while the window is active' },
      ),
    ),
  },
  { ...strict, description: 'Active when the day, time and date all match (each optional); the first active window wins' },
);

export const ScheduleSchema = Type.Object(
  {
    timezone: Type.Optional(Type.String({ minLength: 1, description: 'IANA time zone, e.g. Europe/Berlin (default UTC)' })),
    windows: Type.Array(Type.Ref('ScheduleWindow'), { minItems: 1 }),
  },
  strict,
);
