import { Type, type Static } from 'typebox';

const CountSchema = Type.Object({ requests: Type.Integer(), bad: Type.Integer() });

/** One objective of an SLO as `GET /api/metrics` reports it (docs/slo.md). */
export const SloStatusSchema = Type.Object({
  kind: Type.Union([Type.Literal('endpoint'), Type.Literal('upstream')]),
  id: Type.String({ description: 'the endpoint or upstream id' }),
  objective: Type.String({ description: '`availability`, or `latency-p99` for latency: { p99: … }' }),
  target: Type.Number({ description: 'the share of requests that must be good, 0-1 (0.999 for 99.9%)' }),
  thresholdMs: Type.Optional(Type.Number({ description: 'latency objectives: a request slower than this is bad' })),
  windowSeconds: Type.Integer({ description: 'the compliance window (whole hours, the current one included)' }),
  requests: Type.Integer({ description: 'requests counted over the window' }),
  bad: Type.Integer({ description: 'of which bad (an error, or slower than the threshold)' }),
  sli: Type.Optional(Type.Number({ description: 'good / requests over the window, 0-1; absent while no request was counted' })),
  errorBudgetRemaining: Type.Number({ description: 'share of the error budget left: 1 untouched, 0 spent, below 0 overspent' }),
  burnRate: Type.Object(
    { '1h': Type.Number(), '6h': Type.Number() },
    { description: 'bad share over the last 1 h and 6 h divided by the budget share (1 - target): 1 spends the budget exactly over the window' },
  ),
  recent: Type.Object({ '1h': CountSchema, '6h': CountSchema }, { description: 'the counts behind the burn rates' }),
});
export type SloStatus = Static<typeof SloStatusSchema>;
