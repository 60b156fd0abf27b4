import type { Clock } from '../../clock/index.js';
import type { BreakerSpec } from '../../plan/index.js';
import type { TargetState } from '../target-state.js';
import { passDown, type Admission, type Outcome, type Policy } from './attempt.js';
import { matchesCondition } from './conditions.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Told of every transition (events, metrics). */
export type BreakerListener = (target: TargetState, from: BreakerState, to: BreakerState, breaker: CircuitBreaker) => void;

const BUCKETS = 10;

/**
 * One target's circuit breaker: closed → open on `failureThreshold` failures in a row or an error
 * rate ≥ `errorRateThreshold` over the rolling window (once `minRequests` were seen); open for
 * `openFor`, doubled per trip in a row up to `maxOpenFor`; then half-open, letting
 * `halfOpenMaxRequests` probes through at once: `successThreshold` successes close it, one
 * failure opens it again (hysteresis: it does not flap on one good answer). Open becomes
 * half-open when asked after the time passed, so a breaker arms no timer.
 */
export class CircuitBreaker {
  state: BreakerState = 'closed';
  trips = 0;
  openUntil = 0;
  #consecutive = 0;
  #probes = 0;
  #successes = 0;
  #closedSince: number;
  readonly #starts = new Float64Array(BUCKETS);
  readonly #totals = new Uint32Array(BUCKETS);
  readonly #failures = new Uint32Array(BUCKETS);

  constructor(
    readonly spec: BreakerSpec,
    private readonly clock: Clock,
    private readonly target: TargetState,
    private readonly listener: BreakerListener | undefined,
  ) {
    this.#closedSince = clock.now();
  }

  /** Lets an attempt through: 'pass' while closed, 'probe' for a half-open slot, undefined when refused. */
  admit(): 'pass' | 'probe' | undefined {
    if (this.state === 'closed') return 'pass';
    if (this.state === 'open') {
      if (this.clock.now() < this.openUntil) return undefined;
      this.#move('half-open');
      this.#probes = 0;
      this.#successes = 0;
    }
    if (this.#probes >= this.spec.halfOpenMaxRequests) return undefined;
    this.#probes++;
    return 'probe';
  }

  /** The result of an attempt this breaker let through as `token`. */
  record(token: 'pass' | 'probe', failed: boolean): void {
    if (token === 'probe') {
      this.#probes = Math.max(0, this.#probes - 1);
      if (this.state !== 'half-open') return;
      if (failed) this.#trip();
      else if (++this.#successes >= this.spec.successThreshold) {
        this.#consecutive = 0;
        this.#totals.fill(0);
        this.#failures.fill(0);
        this.#closedSince = this.clock.now();
        this.#move('closed');
      }
      return;
    }
    // An attempt let through while closed that ends after the circuit opened changes nothing.
    if (this.state !== 'closed') return;
    const bucket = this.#bucket();
    this.#totals[bucket]!++;
    if (!failed) {
      this.#consecutive = 0;
      return;
    }
    this.#failures[bucket]!++;
    if (++this.#consecutive >= this.spec.failureThreshold) return this.#trip();
    let total = 0;
    let failures = 0;
    const since = this.clock.now() - this.spec.windowMs;
    for (let i = 0; i < BUCKETS; i++) {
      if (this.#starts[i]! <= since) continue;
      total += this.#totals[i]!;
      failures += this.#failures[i]!;
    }
    if (total >= this.spec.minRequests && failures / total >= this.spec.errorRateThreshold) this.#trip();
  }

  /** Gives back what `admit` took, for an attempt that ended without a verdict. */
  release(token: 'pass' | 'probe'): void {
    if (token === 'probe') this.#probes = Math.max(0, this.#probes - 1);
  }

  /** Closes the circuit at once (the admin API's reset). */
  reset(): void {
    this.trips = 0;
    this.openUntil = 0;
    this.#probes = 0;
    this.#successes = 0;
    this.#consecutive = 0;
    this.#totals.fill(0);
    this.#failures.fill(0);
    this.#closedSince = this.clock.now();
    if (this.state !== 'closed') this.#move('closed');
  }

  #bucket(): number {
    const now = this.clock.now();
    const width = this.spec.windowMs / BUCKETS;
    const start = Math.floor(now / width) * width;
    const i = Math.floor(now / width) % BUCKETS;
    if (this.#starts[i] !== start) {
      this.#starts[i] = start;
      this.#totals[i] = 0;
      this.#failures[i] = 0;
    }
    return i;
  }

  #trip(): void {
    const now = this.clock.now();
    // Trips "in a row": a circuit that stayed closed for maxOpenFor starts over from openFor.
    if (this.state === 'closed' && now - this.#closedSince >= this.spec.maxOpenForMs) this.trips = 0;
    this.trips++;
    this.openUntil = now + Math.min(this.spec.openForMs * 2 ** (this.trips - 1), this.spec.maxOpenForMs);
    this.#consecutive = 0;
    this.#move('open');
  }

  #move(to: BreakerState): void {
    const from = this.state;
    this.state = to;
    this.listener?.(this.target, from, to, this);
  }
}

/**
 * The breaker policy: each attempt may only go to a target whose breaker admits it (the
 * balancer skips open ones); its outcome is recorded against that target's breaker. When every
 * target is open the attempt fails `circuit-open`, which the fallback answers.
 */
export function breakerPolicy(breakerOf: (target: TargetState) => CircuitBreaker): Policy {
  return (next) => (request) => {
    const admission = new BreakerAdmission(breakerOf);
    return next(passDown(request, request.cancel, admission, request.hedged)).then((outcome) => admission.record(outcome));
  };
}

/** What the breaker let through for one attempt: the target and its token, recorded when the attempt ends. */
class BreakerAdmission implements Admission {
  token: 'pass' | 'probe' | undefined;
  admitted: TargetState | undefined;

  constructor(readonly breakerOf: (target: TargetState) => CircuitBreaker) {}

  admit(target: TargetState): boolean {
    const token = this.breakerOf(target).admit();
    this.token = token;
    if (token !== undefined) this.admitted = target;
    return token !== undefined;
  }

  record(outcome: Outcome): Outcome {
    const { admitted, token } = this;
    if (admitted !== undefined && token !== undefined) {
      const breaker = this.breakerOf(admitted);
      // A cancelled attempt proves nothing either way; its probe slot is given back.
      if (outcome.kind === 'failure' && outcome.failure === 'cancelled') breaker.release(token);
      else breaker.record(token, matchesCondition(breaker.spec.failOn, outcome));
    }
    return outcome;
  }
}
