import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { BulkheadSpec } from '../../plan/index.js';
import { failure, type Attempt, type AttemptRequest, type Outcome, type Policy } from './attempt.js';
import type { Cancel } from './cancel.js';
import type { ResilienceCounters } from './resilience-counters.js';

interface Waiter {
  readonly resolve: (admitted: boolean) => void;
}

/** The slots of one bulkhead (an upstream's, or an endpoint's own). */
export class Bulkhead {
  active = 0;
  readonly queue: Waiter[] = [];

  constructor(readonly spec: BulkheadSpec) {}

  /** true at once when a slot is free; a promise when queued; false when the queue is full too. */
  acquire(clock: Clock, cancel: Cancel): boolean | Promise<boolean> {
    if (this.active < this.spec.maxConcurrent) {
      this.active++;
      return true;
    }
    if (this.queue.length >= this.spec.maxQueued) return false;
    return new Promise<boolean>((resolve) => {
      let forget: (() => void) | undefined;
      const leave = (admitted: boolean) => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        clock.clearTimeout(timer);
        forget?.();
        resolve(admitted);
      };
      const waiter: Waiter = { resolve: (admitted) => leave(admitted) };
      this.queue.push(waiter);
      const timer = clock.setTimeout(() => leave(false), this.spec.queueTimeoutMs);
      forget = cancel.onCancel(() => leave(false));
    });
  }

  release(): void {
    const waiter = this.queue[0];
    // The slot passes to the first waiter as it is: active stays the same.
    if (waiter !== undefined) waiter.resolve(true);
    else this.active--;
  }
}

/**
 * The bulkhead: at most `maxConcurrent` requests forwarded at once, `maxQueued` more waiting up
 * to `queueTimeout`; beyond that a request fails `bulkhead-full` at once (503
 * UPSTREAM_BULKHEAD_FULL with Retry-After, or the fallback). A slot is held until the answer's
 * head arrives or the request fails.
 */
export function bulkheadPolicy(bulkhead: Bulkhead, clock: Clock, counters: ResilienceCounters): Policy {
  const full = (why: string) => {
    counters.bulkheadRejected++;
    return failure('bulkhead-full', new AppError('UPSTREAM_BULKHEAD_FULL', why));
  };
  const release = (outcome: Outcome): Outcome => {
    bulkhead.release();
    return outcome;
  };
  const releaseAndThrow = (error: unknown): never => {
    bulkhead.release();
    throw error;
  };
  const queued = async (got: Promise<boolean>, next: Attempt, request: AttemptRequest): Promise<Outcome> => {
    if (!(await got)) {
      if (request.cancel.cancelled) return failure('cancelled', new AppError('UPSTREAM_UNAVAILABLE', 'cancelled while waiting for a bulkhead slot'));
      return full(`no slot freed within queueTimeout (${bulkhead.spec.queueTimeoutMs} ms)`);
    }
    return next(request).then(release, releaseAndThrow);
  };
  return (next) => (request) => {
    const got = bulkhead.acquire(clock, request.cancel);
    if (got === false) return Promise.resolve(full(`${bulkhead.spec.maxConcurrent} requests in flight and ${bulkhead.spec.maxQueued} waiting`));
    if (got !== true) return queued(got, next, request);
    // The slot is given back however the attempt ends (an outcome, or a throw from a bug below).
    return next(request).then(release, releaseAndThrow);
  };
}
