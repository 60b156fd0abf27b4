import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { DeadlineSpec } from '../../plan/index.js';
import { failure, passDown, type Attempt, type AttemptRequest, type Failure, type Outcome, type Policy } from './attempt.js';
import type { Cancel } from './cancel.js';
import { DueQueue, type DueEntry, type Expiring } from './due-queue.js';

/**
 * One race of an attempt against its due time: whichever comes first decides. The answer of an
 * attempt that lost (it came after the due time) is discarded, so no upstream request is left paused.
 */
class Race implements Expiring {
  decided = false;
  entry: DueEntry | undefined;

  constructor(
    readonly cancel: Cancel,
    readonly resolve: (outcome: Outcome) => void,
    readonly expired: () => Failure,
  ) {}

  expire(): void {
    if (this.decided) return;
    this.decided = true;
    this.cancel.cancel('timeout');
    this.resolve(this.expired());
  }

  settle(outcome: Outcome): void {
    if (this.decided) {
      if (outcome.kind === 'answer') outcome.discard();
      return;
    }
    this.decided = true;
    this.entry!.cancel();
    this.resolve(outcome);
  }
}

/**
 * Runs `next` with its own cancel and gives up at `dueAt` (a Clock reading): the attempt is
 * cancelled and `expired()` is the outcome. The due time waits in `queue` (one timer for all the
 * races of a policy), not in a timer of its own.
 */
export function raceDeadline(next: Attempt, request: AttemptRequest, dueAt: number, queue: DueQueue, expired: () => Failure): Promise<Outcome> {
  const cancel = request.cancel.child();
  return new Promise<Outcome>((resolve) => {
    const race = new Race(cancel, resolve, expired);
    race.entry = queue.add(dueAt, race);
    void next(passDown(request, cancel, request.admit, request.hedged)).then((outcome) => race.settle(outcome));
  });
}

/**
 * The request's deadline (`timeout`): the whole request, retries, backoffs and hedges included,
 * ends by then, answered 504 UPSTREAM_DEADLINE_EXCEEDED (or the fallback). A deadline the client
 * sent (its header, in ms) can only shorten it; the remaining time is what the next attempt tells
 * the upstream in the same header.
 */
export function deadlinePolicy(spec: DeadlineSpec, clock: Clock): Policy {
  const queue = new DueQueue(clock);
  const expired = () =>
    failure('deadline', new AppError('UPSTREAM_DEADLINE_EXCEEDED', `no answer within the request's deadline (${Math.round(spec.totalMs)} ms at most)`));
  return (next) => (request) => {
    const dueAt = Math.min(request.deadlineAt, clock.now() + spec.totalMs);
    request.deadlineAt = dueAt;
    return raceDeadline(next, request, dueAt, queue, expired);
  };
}

/** A try's own time limit (`retry.perTryTimeout`): it fails as a timeout, which `retryOn: [timeout]` retries. */
export function perTryTimeoutPolicy(timeoutMs: number, clock: Clock): Policy {
  const queue = new DueQueue(clock);
  const expired = () => failure('timeout', new AppError('UPSTREAM_TIMEOUT', `the try did not answer within perTryTimeout (${timeoutMs} ms)`));
  return (next) => (request) => raceDeadline(next, request, Math.min(request.deadlineAt, clock.now() + timeoutMs), queue, expired);
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
