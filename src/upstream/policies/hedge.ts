import type { Clock } from '../../clock/index.js';
import type { HedgeSpec } from '../../plan/index.js';
import type { Outcome, Policy } from './attempt.js';
import type { LatencyWindow } from './latency-window.js';
import type { ResilienceCounters } from './resilience-counters.js';

/** Before the window knows the upstream, `after: p95` waits this long. */
const UNKNOWN_PERCENTILE_MS = 50;
/** Hedge tokens saved up at most: a burst of slow answers may hedge this many at once. */
const MAX_TOKENS = 10;

/** Hedges allowed: every request adds `share` of a token, every hedge takes one (a token bucket on counts, not time). */
export class HedgeBudget {
  tokens = 1;

  deposit(share: number): void {
    this.tokens = Math.min(MAX_TOKENS, this.tokens + share);
  }

  take(): boolean {
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }
}

const isGood = (outcome: Outcome): boolean => outcome.kind === 'answer' && outcome.status < 500;

/**
 * Hedging: when the first attempt has not answered after `after` (fixed, or the upstream's
 * observed percentile), another goes to another target (up to `max`); the first good answer (below
 * 500) wins and the others are cancelled, their answers discarded. Repeatable requests only, and
 * at most `budgetPercent` of requests hedge. When no attempt answers well, the best outcome is
 * returned (an answer before a failure) once they are all done.
 */
export function hedgePolicy(spec: HedgeSpec, budget: HedgeBudget, window: LatencyWindow, clock: Clock, counters: ResilienceCounters): Policy {
  return (next) => (request) => {
    if (!request.repeatable) return next(request);
    budget.deposit(spec.budgetShare);
    const startedAt = clock.now();
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
      const launch = () => {
        const cancel = request.cancel.child();
        cancels.push(cancel);
        pending++;
        void next({ ...request, cancel }).then((outcome) => {
          pending--;
          if (outcome.kind === 'answer') window.observe(clock.now() - startedAt);
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
      };
      const arm = () => {
        const afterMs = spec.afterMs ?? window.quantile(spec.percentile!) ?? UNKNOWN_PERCENTILE_MS;
        timer = clock.setTimeout(
          () => {
            timer = undefined;
            if (settled || request.cancel.cancelled || clock.now() >= request.deadlineAt || !budget.take()) return;
            sent++;
            counters.hedges++;
            request.stats.hedges++;
            launch();
            if (sent < spec.max) arm();
          },
          Math.max(1, afterMs),
        );
      };
      launch();
      if (!settled) arm();
    });
  };
}
