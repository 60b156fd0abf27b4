import type { Clock } from '../../clock/index.js';
import type { HedgeSpec } from '../../plan/index.js';
import type { TargetState } from '../target-state.js';
import type { Outcome, Policy } from './attempt.js';
import type { HedgeBudget } from './hedge-budget.js';
import type { TargetLatencies } from './latency-window.js';
import type { ResilienceCounters } from './resilience-counters.js';

/** Before the window knows the target, `after: p95` waits this long. */
const UNKNOWN_PERCENTILE_MS = 50;

const isGood = (outcome: Outcome): boolean => outcome.kind === 'answer' && outcome.status < 500;

/**
 * Hedging: when the first attempt has not answered after `after` (fixed, or the observed
 * percentile of the target it went to), another goes to another target (up to `max`); the first
 * good answer (below 500) wins and the others are cancelled, their answers discarded. Repeatable
 * requests only, and at most `budgetPercent` of the requests of the last 10 s hedge. When no
 * attempt answers well, the best outcome is returned (an answer before a failure) once they are
 * all done.
 *
 * Each attempt's own time (from its send to its answer's head) feeds its target's window. An
 * attempt cancelled because another won is counted too, at the time it had run: it was slower
 * than that. Leaving it out would hide the very tail that hedging cuts, the percentile would sink
 * and ever more fast requests would hedge.
 */
export function hedgePolicy(spec: HedgeSpec, budget: HedgeBudget, latencies: TargetLatencies, clock: Clock, counters: ResilienceCounters): Policy {
  return (next) => (request) => {
    if (!request.repeatable) return next(request);
    budget.deposit(clock.now());
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      let pending = 0;
      let sent = 0;
      let best: Outcome | undefined;
      const cancels: { cancel(reason: string): void }[] = [];
      let timer: ReturnType<Clock['setTimeout']> | undefined;

      const settle = (outcome: Outcome) => {
        settled = true;
        // A kept 5xx answer that lost to a good one would hold its connection paused.
        if (best !== undefined && best !== outcome && best.kind === 'answer') best.discard();
        if (timer !== undefined) clock.clearTimeout(timer);
        for (const cancel of cancels) cancel.cancel('hedge-lost');
        resolve(outcome);
      };
      /** Sends one attempt; returns the target it went to (known at once: the balancer picks synchronously). */
      const launch = (): TargetState | undefined => {
        const cancel = request.cancel.child();
        cancels.push(cancel);
        pending++;
        const launchedAt = clock.now();
        const tried = request.tried.length;
        void next({ ...request, cancel }).then((outcome) => {
          pending--;
          const lost = settled && outcome.kind === 'failure' && outcome.failure === 'cancelled';
          if ((outcome.kind === 'answer' || lost) && outcome.target !== undefined) latencies.of(outcome.target).observe(clock.now() - launchedAt);
          if (settled) {
            if (outcome.kind === 'answer') outcome.discard();
            return;
          }
          if (isGood(outcome)) return settle(outcome);
          // An answer beats a failure; of two answers (both ≥ 500), the first is kept.
          if (best === undefined || (best.kind === 'failure' && outcome.kind === 'answer')) best = outcome;
          else if (outcome.kind === 'answer') outcome.discard();
          // Nothing left running: a failure fast enough not to need a hedge is the retry policy's to handle.
          if (pending === 0) settle(best);
        });
        return request.tried.length > tried ? request.tried[request.tried.length - 1] : undefined;
      };
      const arm = (target: TargetState | undefined) => {
        const observed = spec.percentile !== undefined && target !== undefined ? latencies.of(target).quantile(spec.percentile) : undefined;
        const afterMs = spec.afterMs ?? observed ?? UNKNOWN_PERCENTILE_MS;
        timer = clock.setTimeout(
          () => {
            timer = undefined;
            if (settled || request.cancel.cancelled || clock.now() >= request.deadlineAt || !budget.take(clock.now(), spec.budgetShare)) return;
            sent++;
            counters.hedges++;
            request.stats.hedges++;
            const hedgedTo = launch();
            if (sent < spec.max) arm(hedgedTo);
          },
          Math.max(1, afterMs),
        );
      };
      const first = launch();
      if (!settled) arm(first);
    });
  };
}
