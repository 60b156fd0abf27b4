import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { DeadlineSpec } from '../../plan/index.js';
import { failure, type Attempt, type AttemptRequest, type Failure, type Outcome, type Policy } from './attempt.js';

/**
 * Runs `next` with its own cancel and gives up at `dueAt` (a Clock reading): the attempt is
 * cancelled and `expired()` is the outcome. An answer that arrives after the race was decided is
 * discarded, so no upstream request is left paused.
 */
export function raceDeadline(next: Attempt, request: AttemptRequest, dueAt: number, clock: Clock, expired: () => Failure): Promise<Outcome> {
  const cancel = request.cancel.child();
  return new Promise<Outcome>((resolve) => {
    let decided = false;
    const timer = clock.setTimeout(
      () => {
        if (decided) return;
        decided = true;
        cancel.cancel('timeout');
        resolve(expired());
      },
      Math.max(0, dueAt - clock.now()),
    );
    next({ ...request, cancel }).then((outcome) => {
      if (decided) {
        if (outcome.kind === 'answer') outcome.discard();
        return;
      }
      decided = true;
      clock.clearTimeout(timer);
      resolve(outcome);
    });
  });
}

/**
 * The request's deadline (`timeout`): the whole request, retries, backoffs and hedges included,
 * ends by then, answered 504 UPSTREAM_DEADLINE_EXCEEDED (or the fallback). A deadline the client
 * sent (its header, in ms) can only shorten it; the remaining time is what the next attempt tells
 * the upstream in the same header.
 */
export function deadlinePolicy(spec: DeadlineSpec, clock: Clock): Policy {
  return (next) => (request) => {
    const dueAt = Math.min(request.deadlineAt, clock.now() + spec.totalMs);
    request.deadlineAt = dueAt;
    return raceDeadline(next, request, dueAt, clock, () =>
      failure('deadline', new AppError('UPSTREAM_DEADLINE_EXCEEDED', `no answer within the request's deadline (${Math.round(spec.totalMs)} ms at most)`)),
    );
  };
}

/** A try's own time limit (`retry.perTryTimeout`): it fails as a timeout, which `retryOn: [timeout]` retries. */
export function perTryTimeoutPolicy(timeoutMs: number, clock: Clock): Policy {
  return (next) => (request) =>
    raceDeadline(next, request, Math.min(request.deadlineAt, clock.now() + timeoutMs), clock, () =>
      failure('timeout', new AppError('UPSTREAM_TIMEOUT', `the try did not answer within perTryTimeout (${timeoutMs} ms)`)),
    );
}

/** The deadline a client sent in `header` (ms remaining), as a Clock reading; Infinity when absent or unusable. */
export function incomingDeadline(rawHeaders: readonly string[], header: string, now: number): number {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.length !== header.length || rawHeaders[i]!.toLowerCase() !== header) continue;
    const ms = Number(rawHeaders[i + 1]);
    // Bounded: a hostile or broken value cannot make the deadline negative or arm an endless timer.
    if (Number.isFinite(ms) && ms >= 0 && ms <= 86_400_000) return now + ms;
  }
  return Infinity;
}
