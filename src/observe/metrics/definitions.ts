/**
 * Every metric Mimicus exports: names, help texts, labels and buckets, defined here and nowhere
 * else (STYLE.md). The dashboards and alerts in deploy/ are checked against `mimicusMetricNames`.
 */

/** Latency buckets in seconds: from a fast stub (1 ms) to a hang fault (30 s). */
const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

/** The `endpoint` label of requests no endpoint matched: one series for all of them, whatever the path. */
export const UNMATCHED_ENDPOINT = '(unmatched)';

export const metricDefinitions = {
  requests: {
    name: 'mimicus_requests_total',
    help: 'Data-plane requests answered (or abandoned), by endpoint id, method and status; unmatched requests count under endpoint="(unmatched)"',
    labelNames: ['endpoint', 'method', 'status'],
  },
  requestDuration: {
    name: 'mimicus_request_duration_seconds',
    help: 'Time from request arrival to the last response byte handed to the socket, per endpoint (abandoned requests excluded)',
    labelNames: ['endpoint'],
    buckets: LATENCY_BUCKETS_SECONDS,
  },
  injectedDelay: {
    name: 'mimicus_injected_delay_seconds',
    help: 'The latency Mimicus was configured to simulate: the delay it sampled for each request (arrival to first byte), per endpoint',
    labelNames: ['endpoint'],
    buckets: LATENCY_BUCKETS_SECONDS,
  },
  faults: {
    name: 'mimicus_faults_total',
    help: 'Faults injected, by endpoint and fault kind (status, error-in-payload, corrupt, reset, empty, hang, dribble)',
    labelNames: ['endpoint', 'kind'],
  },
  rateLimited: {
    name: 'mimicus_rate_limited_total',
    help: 'Requests refused by a rate limit, by bucket (the endpoint id, or the shared bucket or workflow name)',
    labelNames: ['bucket'],
  },
  unmatched: {
    name: 'mimicus_unmatched_total',
    help: 'Requests no endpoint matched (answered 404 with the near misses)',
    labelNames: [],
  },
  configReloads: {
    name: 'mimicus_config_reloads_total',
    help: 'Config changes, by result: applied (a new version serves) or rejected (invalid; the running config kept serving)',
    labelNames: ['result'],
  },
  journalDropped: {
    name: 'mimicus_journal_dropped_total',
    help: 'Requests the journal kept in its in-memory ring only, not persisted: more arrived in a second than journal.persistPerSecond',
    labelNames: [],
  },
  activeConnections: {
    name: 'mimicus_active_connections',
    help: 'Open client connections to the data plane',
    labelNames: [],
  },
  eventLoopUtilization: {
    name: 'mimicus_event_loop_utilization',
    help: 'Share of time the event loop was busy (0-1) since the previous scrape',
    labelNames: [],
  },
  cpuPercent: {
    name: 'mimicus_cpu_percent',
    help: 'Process CPU (user + system) in percent of one core since the previous scrape',
    labelNames: [],
  },
  cpuWarnings: {
    name: 'mimicus_cpu_warnings_total',
    help: 'CPU warnings raised (CPU stayed above the threshold, in percent of one core, for the sustain time): latency fidelity was at risk',
    labelNames: ['threshold'],
  },
  redisUp: {
    name: 'mimicus_redis_up',
    help: 'With state.store redis: 1 while this instance reaches Redis, 0 while it cannot (rate limits local, state requests answered 503)',
    labelNames: [],
  },
  rateLimitFallbacks: {
    name: 'mimicus_rate_limit_local_fallbacks_total',
    help: 'Rate-limit decisions taken from a bucket in this instance because Redis could not be asked (scope: cluster limits while Redis is away)',
    labelNames: [],
  },
  upstreamResilience: {
    name: 'mimicus_upstream_resilience_total',
    help: 'What the resilience policies of an upstream did, by action: retry, hedge, budget_exhausted, bulkhead_rejected, circuit_open_rejected, deadline_exceeded, fallback, breaker_opened',
    labelNames: ['upstream', 'action'],
  },
  upstreamBreakerState: {
    name: 'mimicus_upstream_breaker_state',
    help: 'Circuit breaker state per upstream target: 0 closed, 1 half-open, 2 open',
    labelNames: ['upstream', 'target'],
  },
  upstreamRequests: {
    name: 'mimicus_upstream_requests_total',
    help: 'Requests forwarded to an upstream, by upstream, target URL and outcome (complete, failed, reset, abandoned); target="(none)" when none was in rotation',
    labelNames: ['upstream', 'target', 'outcome'],
  },
  upstreamDuration: {
    name: 'mimicus_upstream_duration_seconds',
    help: "Time from dispatch to the backend's response head, per upstream and target",
    labelNames: ['upstream', 'target'],
    buckets: LATENCY_BUCKETS_SECONDS,
  },
  upstreamInflight: {
    name: 'mimicus_upstream_inflight',
    help: 'Requests sent to a target and not finished',
    labelNames: ['upstream', 'target'],
  },
  upstreamPending: {
    name: 'mimicus_upstream_pending',
    help: 'Requests waiting for a connection to one of the upstream’s targets (bounded by pool.maxPending)',
    labelNames: ['upstream'],
  },
  upstreamTargetUp: {
    name: 'mimicus_upstream_target_up',
    help: 'Whether a target is healthy (probes and outlier detection) and not drained: 1 or 0',
    labelNames: ['upstream', 'target'],
  },
  upstreamHealthyTargets: {
    name: 'mimicus_upstream_healthy_targets',
    help: 'Healthy, not drained targets of an upstream (0: only panic mode or nothing serves it)',
    labelNames: ['upstream'],
  },
  upstreamEjections: {
    name: 'mimicus_upstream_ejections_total',
    help: 'Times outlier detection ejected a target',
    labelNames: ['upstream', 'target'],
  },
  sloRequests: {
    name: 'mimicus_slo_requests_total',
    help: 'Requests counted by an SLO objective (kind endpoint or upstream, its id, and the objective: availability or latency-p99…)',
    labelNames: ['kind', 'id', 'objective'],
  },
  sloErrors: {
    name: 'mimicus_slo_errors_total',
    help: 'Requests an SLO objective counted as bad: an error (availability), or slower than the threshold (latency); see docs/slo.md',
    labelNames: ['kind', 'id', 'objective'],
  },
  sloObjective: {
    name: 'mimicus_slo_objective_ratio',
    help: 'The target of an SLO objective: the share of requests that must be good (0.999 for 99.9%)',
    labelNames: ['kind', 'id', 'objective'],
  },
  sloSli: {
    name: 'mimicus_slo_sli_ratio',
    help: "Good requests / requests over the SLO's window (whole hours, kept in this process); absent while none was counted",
    labelNames: ['kind', 'id', 'objective'],
  },
  sloBudgetRemaining: {
    name: 'mimicus_slo_error_budget_remaining_ratio',
    help: "Share of the error budget left over the SLO's window: 1 untouched, 0 spent, below 0 overspent",
    labelNames: ['kind', 'id', 'objective'],
  },
  sloBurnRate: {
    name: 'mimicus_slo_burn_rate',
    help: 'Bad share over the last 1h or 6h divided by the error budget share (1 - target): 1 spends the budget exactly over the window',
    labelNames: ['kind', 'id', 'objective', 'window'],
  },
} as const;

/** Every `mimicus_*` name, with the `_bucket`/`_sum`/`_count` series of histograms. */
export function mimicusMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const definition of Object.values(metricDefinitions)) {
    names.add(definition.name);
    if ('buckets' in definition) for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${definition.name}${suffix}`);
  }
  return names;
}
