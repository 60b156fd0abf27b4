/**
 * The `slo:` block of an endpoint or an upstream: an availability target, latency targets and the
 * window they are judged over (docs/slo.md). No `node:*` imports: the web UI imports this through schema.ts.
 */
import Type from 'typebox';

const message = (errorMessage: string) => ({ errorMessage });

/**
 * 50 to 100 percent, 100 excluded (it leaves no error budget). A bare number is a percent too:
 * numbers under 50 are refused so that `0.999` (a share, not a percent) is caught, not read as 0.999%.
 */
const PERCENT_PATTERN = '^\\s*(5\\d|[6-9]\\d)(\\.\\d{1,6})?\\s*%\\s*$';
const PERCENT_HINT = 'expected a percentage from 50 to under 100, like "99.9%" or 99.9 (not a share like 0.999)';

const SloPercentSchema = Type.Union([Type.Number({ minimum: 50, exclusiveMaximum: 100 }), Type.String({ pattern: PERCENT_PATTERN })], {
  description: 'A target share of good requests, in percent: "99.9%" or 99.9',
  ...message(PERCENT_HINT),
});

/** Whole days (1d-90d) or hours (1h-2160h): the long window is kept in hourly buckets. */
const WINDOW_PATTERN = '^\\s*(([1-9]|[1-8]\\d|90)\\s*d|([1-9]\\d{0,2}|1\\d{3}|20\\d\\d|21[0-5]\\d|2160)\\s*h)\\s*$';

/** `p99`, `p95`, `p99.9`: the share of requests that must be under the threshold. */
const LATENCY_OBJECTIVE_PATTERN = '^p(5\\d|[6-9]\\d)(\\.\\d{1,4})?$';

export const SloSchema = Type.Object(
  {
    availability: Type.Optional(SloPercentSchema),
    latency: Type.Optional(
      Type.Record(Type.String({ pattern: LATENCY_OBJECTIVE_PATTERN }), Type.Ref('Duration'), {
        minProperties: 1,
        maxProperties: 4,
        additionalProperties: false,
        description:
          'Latency targets: `p99: 300ms` means 99% of requests take at most 300 ms (arrival to last byte; for an upstream, dispatch to response head)',
        ...message('expected one to four targets like { p99: 300ms, p50: 50ms } (p50 to p99.9999)'),
      }),
    ),
    window: Type.Optional(
      Type.String({
        pattern: WINDOW_PATTERN,
        default: '30d',
        description: 'The compliance window: whole days (1d-90d) or hours (1h-2160h)',
        ...message('expected a window of whole days or hours, like "30d", "7d" or "6h" (at most 90d)'),
      }),
    ),
  },
  {
    // Without availability or latency there is no objective: the Plan refuses it (plan/compile-slos.ts), naming the field.
    additionalProperties: false,
    description: 'Service level objectives: SLI, error budget and burn rates in /api/metrics and Prometheus (docs/slo.md)',
  },
);
