/**
 * The observability part of the config schema (see schema.ts): metrics, CPU warnings, tracing and
 * logs. No `node:*` imports: the web UI imports the schema.
 */
import Type from 'typebox';

const message = (errorMessage: string) => ({ errorMessage });
const strict = { additionalProperties: false } as const;

const CpuWarningsSchema = Type.Union([
  Type.Literal(false),
  Type.Object(
    {
      thresholds: Type.Optional(
        Type.Array(Type.Integer({ minimum: 1, maximum: 400 }), {
          minItems: 1,
          default: [80, 90, 100],
          description: 'Percent of one core; a warning is raised when CPU stays above one for `sustain`',
        }),
      ),
      sustain: Type.Optional(
        Type.Ref('Duration', { default: '3s', description: 'How long CPU must stay above (or below) a threshold before a warning is raised (or cleared)' }),
      ),
      interval: Type.Optional(Type.Ref('Duration', { default: '1s', description: 'How often CPU and event-loop utilization are sampled' })),
    },
    { ...strict, description: 'Warnings when Mimicus itself is CPU-starved and latency fidelity is at risk' },
  ),
]);

const TracingSchema = Type.Object(
  {
    otlpEndpoint: Type.String({
      minLength: 1,
      description: 'OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces',
      ...message('must be the OTLP/HTTP traces URL'),
    }),
    serviceName: Type.Optional(Type.String({ minLength: 1, default: 'mimicus' })),
    sampleRatio: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        default: 1,
        description: 'Share of new traces sampled (a continued trace follows its parent)',
        ...message('must be a number from 0 to 1'),
      }),
    ),
    headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Extra headers sent with every export (e.g. an auth token as ${ENV})' })),
  },
  { ...strict, description: 'OpenTelemetry tracing (off unless this block is present)' },
);

export const ObservabilitySchema = Type.Object(
  {
    metrics: Type.Optional(
      Type.Boolean({ default: true, description: 'Prometheus metrics at the admin listener’s /metrics and the JSON summary at /api/metrics' }),
    ),
    cpuWarnings: Type.Optional(CpuWarningsSchema),
    tracing: Type.Optional(TracingSchema),
    accessLog: Type.Optional(Type.Boolean({ default: false, description: 'Log one line per data-plane request' })),
  },
  { ...strict, description: 'Metrics, CPU warnings, traces and logs' },
);
