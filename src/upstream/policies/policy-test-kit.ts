import { ManualClock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { ConditionSet } from '../../plan/index.js';
import { testTargets } from '../balancers/test-targets.js';
import type { TargetState } from '../target-state.js';
import { failure, type Answer, type AttemptRequest, type FailureKind, type Outcome } from './attempt.js';
import { Cancel } from './cancel.js';

/** For policy tests: a request as the runner builds it. */
export function testRequest(overrides: Partial<AttemptRequest> = {}): AttemptRequest {
  return {
    method: 'GET',
    repeatable: true,
    tried: [],
    admit: undefined,
    deadlineAt: Infinity,
    cancel: new Cancel(),
    stats: { attempts: 0, retries: 0, hedges: 0, log: undefined },
    hedged: false,
    exchange: undefined,
    ...overrides,
  };
}

/** An answer that records whether it was discarded. */
export function testAnswer(status: number, target: TargetState, retryAfterMs?: number): Answer & { discarded: boolean } {
  return {
    kind: 'answer',
    status,
    target,
    retryAfterMs,
    discarded: false,
    discard() {
      this.discarded = true;
    },
  };
}

export const testFailure = (kind: FailureKind, target?: TargetState): Outcome => failure(kind, new AppError('UPSTREAM_UNAVAILABLE', kind), target);

export const conditionSet = (list: string[]): ConditionSet => ({
  connectFailure: list.includes('connect-failure'),
  reset: list.includes('reset'),
  timeout: list.includes('timeout'),
  any5xx: list.includes('5xx'),
  statuses: new Set(list.filter((item) => /^\d+$/.test(item)).map(Number)),
});

/** Lets promise callbacks run (no time passes on the ManualClock). */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

export { ManualClock, testTargets };
