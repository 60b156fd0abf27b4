import type { Clock } from '../../clock/index.js';
import type { HedgeSpec } from '../../plan/index.js';
import type { TargetState } from '../target-state.js';
import { passDown, type Attempt, type AttemptRequest, type Outcome, type Policy } from './attempt.js';
import type { Cancel } from './cancel.js';
import { DueQueue, type DueEntry, type Expiring } from './due-queue.js';
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
  const queue = new DueQueue(clock);
  return (next) => (request) => {
    if (!request.repeatable) return next(request);
    budget.deposit(clock.now());
    return new Promise<Outcome>((resolve) => new HedgedRequest(spec, budget, latencies, clock, counters, queue, next, request, resolve).start());
  };
}

/** One request under the hedge policy: its attempts, the best outcome so far, and its pending hedge delay. */
class HedgedRequest implements Expiring {
  settled = false;
  pending = 0;
  sent = 0;
  best: Outcome | undefined;
  readonly cancels: Cancel[] = [];
  entry: DueEntry | undefined;
  /** The target the latest attempt went to (its percentile sets the next delay). */
  lastTarget: TargetState | undefined;

  constructor(
    readonly spec: HedgeSpec,
    readonly budget: HedgeBudget,
    readonly latencies: TargetLatencies,
    readonly clock: Clock,
    readonly counters: ResilienceCounters,
    readonly queue: DueQueue,
    readonly next: Attempt,
    readonly request: AttemptRequest,
    readonly resolve: (outcome: Outcome) => void,
  ) {}

  start(): void {
    this.launch();
    if (!this.settled) this.arm();
  }

  /** The hedge delay passed: one more attempt, when the request still waits and the budget allows. */
  expire(): void {
    this.entry = undefined;
    const { request, clock, spec } = this;
    if (this.settled || request.cancel.cancelled || clock.now() >= request.deadlineAt || !this.budget.take(clock.now(), spec.budgetShare)) return;
    this.sent++;
    this.counters.hedges++;
    request.stats.hedges++;
    this.launch();
    if (this.sent < spec.max) this.arm();
  }

  settle(outcome: Outcome): void {
    this.settled = true;
    const best = this.best;
    // A kept 5xx answer that lost to a good one would hold its connection paused.
    if (best !== undefined && best !== outcome && best.kind === 'answer') best.discard();
    this.entry?.cancel();
    for (const cancel of this.cancels) cancel.cancel('hedge-lost');
    this.resolve(outcome);
  }

  /** Sends one attempt; the target it went to is known at once (the balancer picks synchronously). */
  launch(): void {
    const { request, clock } = this;
    const cancel = request.cancel.child();
    this.cancels.push(cancel);
    this.pending++;
    const launchedAt = clock.now();
    const tried = request.tried.length;
    void this.next(passDown(request, cancel, request.admit, this.sent > 0)).then((outcome) => this.ended(outcome, launchedAt));
    this.lastTarget = request.tried.length > tried ? request.tried[request.tried.length - 1] : undefined;
  }

  ended(outcome: Outcome, launchedAt: number): void {
    this.pending--;
    const lost = this.settled && outcome.kind === 'failure' && outcome.failure === 'cancelled';
    if ((outcome.kind === 'answer' || lost) && outcome.target !== undefined) this.latencies.of(outcome.target).observe(this.clock.now() - launchedAt);
    if (this.settled) {
      if (outcome.kind === 'answer') outcome.discard();
      return;
    }
    if (isGood(outcome)) return this.settle(outcome);
    // An answer beats a failure; of two answers (both ≥ 500), the first is kept.
    const best = this.best;
    if (best === undefined || (best.kind === 'failure' && outcome.kind === 'answer')) this.best = outcome;
    else if (outcome.kind === 'answer') outcome.discard();
    // Nothing left running: a failure fast enough not to need a hedge is the retry policy's to handle.
    if (this.pending === 0) this.settle(this.best!);
  }

  arm(): void {
    const { spec, lastTarget } = this;
    const observed = spec.percentile !== undefined && lastTarget !== undefined ? this.latencies.of(lastTarget).quantile(spec.percentile) : undefined;
    const afterMs = spec.afterMs ?? observed ?? UNKNOWN_PERCENTILE_MS;
    this.entry = this.queue.add(this.clock.now() + Math.max(1, afterMs), this);
  }
}
