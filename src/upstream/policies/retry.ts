import type { Clock } from '../../clock/index.js';
import type { Random } from '../../distributions/index.js';
import { AppError } from '../../errors/index.js';
import type { RetrySpec } from '../../plan/index.js';
import { failure, type AttemptRequest, type Outcome, type Policy } from './attempt.js';
import { backoffMs } from './backoff.js';
import { matchesCondition } from './conditions.js';
import type { ResilienceCounters } from './resilience-counters.js';
import type { RetryBudget } from './retry-budget.js';
import { perTryTimeoutPolicy } from './timeout.js';

/**
 * Retries: an outcome `retryOn` lists is tried again (up to `attempts` tries in all), on another
 * target when there is one, after an exponential, jittered backoff; a 429 or 503 waits its
 * Retry-After instead (not retried when that is longer than `backoff.max`). Only repeatable
 * requests (idempotent method, Idempotency-Key, or retryNonIdempotent; a replayable body), only
 * within the deadline, and only while the upstream's retry budget allows.
 */
export function retryPolicy(spec: RetrySpec, budget: RetryBudget, clock: Clock, random: Random, counters: ResilienceCounters): Policy {
  const perTry = spec.perTryTimeoutMs > 0 ? perTryTimeoutPolicy(spec.perTryTimeoutMs, clock) : undefined;
  return (inner) => {
    const next = perTry ? perTry(inner) : inner;
    /** Tells the budget's throttle how an attempt went: a listed failure, a good answer, or neither (cancelled, refused by a policy, a 5xx retryOn does not list). */
    const judged = (outcome: Outcome): Outcome => {
      if (matchesCondition(spec.retryOn, outcome)) budget.record(spec, true);
      else if (outcome.kind === 'answer' && outcome.status < 500) budget.record(spec, false);
      return outcome;
    };
    const retried = async (request: AttemptRequest, first: Outcome): Promise<Outcome> => {
      let outcome = first;
      let previousMs = 0;
      for (let retry = 1; retry < spec.attempts; retry++) {
        if (!request.repeatable || request.cancel.cancelled || !matchesCondition(spec.retryOn, outcome)) return outcome;
        let waitMs = backoffMs(spec, retry, previousMs, random);
        previousMs = waitMs;
        if (outcome.kind === 'answer' && outcome.retryAfterMs !== undefined) {
          if (outcome.retryAfterMs > spec.maxMs) return outcome;
          waitMs = outcome.retryAfterMs;
        }
        if (clock.now() + waitMs >= request.deadlineAt) return outcome;
        if (!budget.tryAcquire(spec)) {
          counters.budgetExhausted++;
          if (outcome.kind === 'answer') return outcome;
          return failure(
            'budget-exhausted',
            new AppError('UPSTREAM_RETRY_BUDGET_EXHAUSTED', `${outcome.error.detail ?? outcome.error.message}; not retried: the retry budget is spent`, {
              cause: outcome.error,
            }),
            outcome.target,
          );
        }
        try {
          if (outcome.kind === 'answer') outcome.discard();
          if (waitMs > 0 && !(await wait(clock, waitMs, request.cancel))) return cancelled();
          counters.retries++;
          request.stats.retries++;
          outcome = judged(await next(request));
        } finally {
          budget.release();
        }
      }
      return outcome;
    };
    const done = (outcome: Outcome): Outcome => {
      budget.active--;
      return outcome;
    };
    const failed = (error: unknown): never => {
      budget.active--;
      throw error;
    };
    return (request) => {
      budget.active++;
      // The first try needs no async frame: only an outcome retryOn lists goes on to the retry loop.
      return next(request).then((first) => {
        if (matchesCondition(spec.retryOn, judged(first))) return retried(request, first).then(done, failed);
        budget.active--;
        return first;
      }, failed);
    };
  };
}

const cancelled = (): Outcome => failure('cancelled', new AppError('UPSTREAM_UNAVAILABLE', 'the request was cancelled during a retry backoff'));

/** Resolves true after `ms`, or false at once when `cancel` fires first. */
function wait(clock: Clock, ms: number, cancel: { onCancel(hook: () => void): () => void }): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => {
      forget();
      resolve(true);
    }, ms);
    const forget = cancel.onCancel(() => {
      clock.clearTimeout(timer);
      resolve(false);
    });
  });
}
