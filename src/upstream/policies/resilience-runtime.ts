import type { Clock } from '../../clock/index.js';
import { createRandom, type Random } from '../../distributions/index.js';
import type { BreakerSpec, BulkheadSpec, ResilienceSpec, StaleFallbackSpec } from '../../plan/index.js';
import type { TargetState } from '../target-state.js';
import type { Attempt, Policy } from './attempt.js';
import { breakerPolicy, CircuitBreaker, type BreakerListener, type BreakerState } from './circuit-breaker.js';
import { Bulkhead, bulkheadPolicy } from './bulkhead.js';
import { dispatchAttempt } from './dispatch-attempt.js';
import { BodyBuffers } from './attempt-call.js';
import { hedgePolicy } from './hedge.js';
import { HedgeBudget } from './hedge-budget.js';
import { TargetLatencies } from './latency-window.js';
import type { ResilienceReading } from '../../observe/index.js';
import { ACTION_NAMES, newCounters, type ResilienceCounters } from './resilience-counters.js';
import { RetryBudget } from './retry-budget.js';
import { retryPolicy } from './retry.js';
import { StaleCache } from './stale-cache.js';
import { deadlinePolicy } from './timeout.js';

export interface ResilienceRuntimeOptions {
  readonly clock: Clock;
  /** Seeds the retry jitter (server.seed), so runs replay. */
  readonly seed: number;
  /** Told of every breaker transition (the event stream). */
  readonly onBreakerChange?: (upstream: string, target: string, from: BreakerState, to: BreakerState) => void;
  /** Told when fallbacks answer: at most once a second per upstream and reason, with how many since the last time (the event stream). */
  readonly onFallback?: (upstream: string, reason: string, count: number) => void;
}

/** Fallback events are told at most this often per upstream and reason: under a full outage every request falls back. */
const FALLBACK_EVENT_EVERY_MS = 1_000;
/** Upstream-and-reason pairs whose fallback events are throttled at once; past it, the oldest is forgotten. */
const MAX_FALLBACK_KEYS = 1_024;

interface Scoped<T> {
  readonly key: string;
  readonly value: T;
}

/**
 * The state of the policies that outlives a Plan: breakers per scope and target, bulkheads per
 * scope, retry and hedge budgets and latency windows per upstream, counters per upstream. A config
 * change that keeps a block's settings keeps its state (compared by value); the chain of policies
 * is built once per compiled ResilienceSpec.
 */
export class ResilienceRuntime {
  readonly counters = new Map<string, ResilienceCounters>();
  readonly #breakers = new Map<string, Scoped<WeakMap<TargetState, CircuitBreaker>>>();
  readonly #bulkheads = new Map<string, Scoped<Bulkhead>>();
  readonly #staleCaches = new Map<string, Scoped<StaleCache>>();
  /** Per upstream and reason: when the last fallback event went out, and the fallbacks since. */
  readonly #fallbackEvents = new Map<string, { at: number; count: number }>();
  readonly #retryBudgets = new Map<string, RetryBudget>();
  readonly #hedgeBudgets = new Map<string, HedgeBudget>();
  readonly #latencies = new Map<string, TargetLatencies>();
  readonly #chains = new WeakMap<ResilienceSpec, Attempt>();
  /** The last state of every breaker that changed, by upstream and target url (the metrics gauge). */
  readonly #breakerStates = new Map<string, { upstream: string; target: string; state: number }>();
  readonly #random: Random;
  readonly #base: Attempt;

  constructor(private readonly options: ResilienceRuntimeOptions) {
    this.#random = createRandom(options.seed);
    this.#base = dispatchAttempt(options.clock, new BodyBuffers(BUFFERED_BODIES_CAP_BYTES));
  }

  /** The policies of `spec` around one attempt: deadline → bulkhead → retry → hedge → breaker → attempt. */
  chain(spec: ResilienceSpec): Attempt {
    let chain = this.#chains.get(spec);
    if (chain === undefined) {
      const { clock } = this.options;
      const counters = this.countersOf(spec.upstream);
      const policies: Policy[] = [];
      if (spec.deadline) policies.push(deadlinePolicy(spec.deadline, clock));
      if (spec.bulkhead) policies.push(bulkheadPolicy(this.#bulkhead(spec.bulkheadScope, spec.bulkhead), clock, counters));
      if (spec.retry)
        policies.push(
          retryPolicy(
            spec.retry,
            once(this.#retryBudgets, spec.upstream, () => new RetryBudget()),
            clock,
            this.#random,
            counters,
          ),
        );
      if (spec.hedge) {
        const budget = once(this.#hedgeBudgets, spec.upstream, () => new HedgeBudget());
        policies.push(
          hedgePolicy(
            spec.hedge,
            budget,
            once(this.#latencies, spec.upstream, () => new TargetLatencies()),
            clock,
            counters,
          ),
        );
      }
      if (spec.breaker) policies.push(breakerPolicy(this.#breakerOf(spec.upstream, spec.breakerScope, spec.breaker)));
      chain = policies.reduceRight<Attempt>((next, policy) => policy(next), this.#base);
      this.#chains.set(spec, chain);
    }
    return chain;
  }

  countersOf(upstream: string): ResilienceCounters {
    return once(this.counters, upstream, newCounters);
  }

  /** What the policies did, for the metrics. */
  reading(): ResilienceReading {
    const actions = new Map<string, Record<string, number>>();
    for (const [upstream, counters] of this.counters) {
      const named: Record<string, number> = {};
      for (const key of Object.keys(ACTION_NAMES) as (keyof ResilienceCounters)[]) named[ACTION_NAMES[key]] = counters[key];
      actions.set(upstream, named);
    }
    return { actions, breakers: [...this.#breakerStates.values()] };
  }

  /**
   * Closes every breaker of `upstream`'s targets, in every scope (the upstream's, and those of
   * endpoints that override its circuitBreaker); returns how many were not closed.
   */
  resetBreakers(upstream: string, targets: readonly TargetState[]): number {
    let reopened = 0;
    for (const [scope, scoped] of this.#breakers) {
      if (scope !== upstream && !scope.startsWith(`${upstream}#`)) continue;
      for (const target of targets) {
        const breaker = scoped.value.get(target);
        if (breaker === undefined) continue;
        if (breaker.state !== 'closed') reopened++;
        breaker.reset();
      }
    }
    return reopened;
  }

  /**
   * The breaker state of each of `upstream`'s targets, by url: the most severe over the scopes that
   * have one (open, then half-open, then closed); empty when no breaker of the upstream was made.
   */
  breakerStates(upstream: string, targets: readonly TargetState[]): Map<string, BreakerState> {
    const states = new Map<string, BreakerState>();
    for (const [scope, scoped] of this.#breakers) {
      if (scope !== upstream && !scope.startsWith(`${upstream}#`)) continue;
      for (const target of targets) {
        const state = scoped.value.get(target)?.state ?? 'closed';
        const known = states.get(target.spec.url);
        if (known === undefined || BREAKER_GAUGE[state] > BREAKER_GAUGE[known]) states.set(target.spec.url, state);
      }
    }
    return states;
  }

  /** A fallback answered (`reason` as x-mimicus-fallback says it): the event, throttled. */
  fallbackServed(upstream: string, reason: string): void {
    const notify = this.options.onFallback;
    if (notify === undefined) return;
    const key = `${upstream} ${reason}`;
    const now = this.options.clock.now();
    let last = this.#fallbackEvents.get(key);
    if (last === undefined) {
      if (this.#fallbackEvents.size >= MAX_FALLBACK_KEYS) this.#fallbackEvents.delete(this.#fallbackEvents.keys().next().value!);
      last = { at: -Infinity, count: 0 };
      this.#fallbackEvents.set(key, last);
    }
    last.count++;
    if (now - last.at < FALLBACK_EVENT_EVERY_MS) return;
    notify(upstream, reason, last.count);
    last.at = now;
    last.count = 0;
  }

  /** The stale answers of an endpoint (`fallback: { stale }`); kept across config changes that keep its size. */
  staleCache(spec: StaleFallbackSpec): StaleCache {
    const key = String(spec.maxBytes);
    let scoped = this.#staleCaches.get(spec.scope);
    if (scoped?.key !== key) {
      scoped = { key, value: new StaleCache(spec.maxBytes) };
      this.#staleCaches.set(spec.scope, scoped);
    }
    return scoped.value;
  }

  #breakerOf(upstream: string, scope: string, spec: BreakerSpec): (target: TargetState) => CircuitBreaker {
    const key = JSON.stringify(spec, (_, value: unknown) => (value instanceof Set ? [...value] : value));
    let scoped = this.#breakers.get(scope);
    if (scoped?.key !== key) {
      scoped = { key, value: new WeakMap() };
      this.#breakers.set(scope, scoped);
    }
    const breakers = scoped.value;
    const { clock, onBreakerChange } = this.options;
    const counters = this.countersOf(upstream);
    const listener: BreakerListener = (target, from, to) => {
      if (to === 'open') counters.breakerOpened++;
      const key = `${upstream} ${target.spec.url}`;
      this.#breakerStates.set(key, { upstream, target: target.spec.url, state: BREAKER_GAUGE[to] });
      onBreakerChange?.(upstream, target.spec.url, from, to);
    };
    return (target) => {
      let breaker = breakers.get(target);
      if (breaker === undefined) {
        breaker = new CircuitBreaker(spec, clock, target, listener);
        breakers.set(target, breaker);
      }
      return breaker;
    };
  }

  #bulkhead(scope: string, spec: BulkheadSpec): Bulkhead {
    const key = JSON.stringify(spec);
    let scoped = this.#bulkheads.get(scope);
    if (scoped?.key !== key) {
      scoped = { key, value: new Bulkhead(spec) };
      this.#bulkheads.set(scope, scoped);
    }
    return scoped.value;
  }
}

/** Small answers read whole before their head goes out (a reset mid-body stays retryable): at most this much at once. */
const BUFFERED_BODIES_CAP_BYTES = 16 * 1024 * 1024;

const BREAKER_GAUGE = { closed: 0, 'half-open': 1, open: 2 } as const;

function once<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
