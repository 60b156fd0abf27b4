import type { Clock } from '../clock/index.js';
import type { TargetHealth, TargetStatus, UpstreamStatus } from '../contract/index.js';
import type { RuntimeUpstream } from './runtime-upstream.js';
import type { TargetState } from './target-state.js';

/** Where a target stands: drained by an operator, ejected by outlier detection, failed by probes, or healthy. */
export function targetHealth(target: TargetState): TargetHealth {
  if (target.drained) return 'drained';
  if (target.ejectedUntil > 0) return 'ejected';
  return target.probedHealthy ? 'healthy' : 'unhealthy';
}

/** An upstream at run time as the admin API, the metrics and the console show it. */
export function upstreamStatus(upstream: RuntimeUpstream, clock: Clock): UpstreamStatus {
  let inflight = 0;
  const targets = upstream.targets.map((target, index): TargetStatus => {
    inflight += target.inflight;
    return {
      index,
      url: target.spec.url,
      weight: target.spec.weight,
      health: targetHealth(target),
      available: target.available,
      probedHealthy: target.probedHealthy,
      ...(target.ejectedUntil > 0 ? { ejectedUntil: new Date(clock.toEpochMs(target.ejectedUntil)).toISOString() } : {}),
      ejections: target.ejections,
      drained: target.drained,
      inflight: target.inflight,
      requests: target.requests,
      errors: target.errors,
      outcomes: { ...target.outcomes },
      latencyMs: Math.round(target.latency.valueMs() * 1000) / 1000,
    };
  });
  const balance = upstream.spec.balance;
  return {
    id: upstream.spec.id,
    balance: balance.kind,
    panic: upstream.panic,
    healthyTargets: upstream.healthyTargets,
    inflight,
    pending: upstream.pending(),
    targets,
  };
}
