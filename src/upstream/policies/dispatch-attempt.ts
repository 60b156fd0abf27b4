import type { Readable } from 'node:stream';
import type { Clock } from '../../clock/index.js';
import { AppError } from '../../errors/index.js';
import type { ProxySpec } from '../../plan/index.js';
import type { AttemptSpan } from '../../observe/index.js';
import type { AttemptTrace } from '../forward/forward-request.js';
import { requestHeaders, type ClientSide } from '../forward/request-headers.js';
import type { RuntimeUpstream } from '../runtime-upstream.js';
import type { TargetState } from '../target-state.js';
import { failure, type Attempt, type AttemptRequest, type Outcome } from './attempt.js';
import { AttemptCall, type BodyBuffers } from './attempt-call.js';

/** What an attempt sends: the engine's request, its upstream and proxy spec, and the body to (re)send. */
export interface AttemptExchange {
  readonly upstream: RuntimeUpstream;
  readonly client: ClientSide & {
    readonly method: string;
    readonly path: string;
    readonly hashKey: string | undefined;
    readonly attemptTrace?: AttemptTrace | undefined;
  };
  readonly spec: ProxySpec;
  /** A Buffer or string is sent again by each attempt; a stream only once (the request is then not repeatable). */
  readonly body: Readable | Buffer | string | null;
  /** Lower-case header telling the upstream the ms left; undefined: not sent. */
  readonly deadlineHeader: string | undefined;
}

/** The target chosen, or why none was (a string, not an object: the fast path allocates nothing). */
type Pick = TargetState | 'no-target' | 'circuit-open';

/**
 * The balancer's choice among the targets in rotation, skipping targets this request tried
 * already and those whose breaker refuses (`admit`). A tried target is chosen again only when no
 * other one is left.
 */
export function pickTarget(upstream: RuntimeUpstream, key: string | undefined, tried: readonly TargetState[], admit: AttemptRequest['admit']): Pick {
  const first = upstream.pick(key);
  if (first === undefined) return 'no-target';
  if (!tried.includes(first) && (admit === undefined || admit.admit(first))) return first;
  // Slow path (a retry, or an open breaker): the balancer picks among what is left.
  const untried = upstream.available.filter((target) => target !== first && !tried.includes(target));
  for (const candidates of [untried, upstream.available.filter((target) => tried.includes(target))]) {
    while (candidates.length > 0) {
      const target = upstream.balancer.pick(candidates, key) ?? candidates[0]!;
      if (admit === undefined || admit.admit(target)) return target;
      candidates.splice(candidates.indexOf(target), 1);
    }
  }
  return admit === undefined ? 'no-target' : 'circuit-open';
}

/**
 * The attempt every policy wraps: one request to one target, resolved when its answer's head
 * arrives (a small answer: its whole body, held in `buffers`) or it fails.
 */
export function dispatchAttempt(clock: Clock, buffers: BodyBuffers): Attempt {
  return (request) => {
    const x = request.exchange as AttemptExchange;
    const upstream = x.upstream;
    if (request.cancel.cancelled) return Promise.resolve(failure('cancelled', new AppError('UPSTREAM_UNAVAILABLE', 'cancelled before it was sent')));
    const picked = pickTarget(upstream, x.client.hashKey, request.tried, request.admit);
    const pool = typeof picked === 'string' ? undefined : upstream.pools.get(picked);
    if (typeof picked === 'string' || pool === undefined) {
      const where = `upstream "${upstream.spec.id}"`;
      return Promise.resolve(
        picked === 'circuit-open'
          ? failure('circuit-open', new AppError('UPSTREAM_CIRCUIT_OPEN', `${where}: the circuit of every target in rotation is open`))
          : failure('no-target', new AppError('UPSTREAM_NO_HEALTHY_TARGET', `${where}: none of its ${upstream.targets.length} targets is in rotation`)),
      );
    }
    const target = picked;
    request.tried.push(target);
    request.stats.attempts++;
    const headers = requestHeaders(x.client, x.spec, target.spec.host);
    const span = x.client.attemptTrace === undefined ? undefined : startSpan(x.client.attemptTrace, x, request, target, headers);
    if (x.deadlineHeader !== undefined) setDeadlineHeader(headers, x.deadlineHeader, request.deadlineAt - clock.now());
    const timeoutMs = x.spec.timeoutMs;
    const pools = upstream.spec.pool;
    const stats = request.stats;
    const cancel = request.cancel;
    return new Promise<Outcome>((done) => {
      pool.dispatch(
        // Every option always present (no spread), as the plain forward sends them: one shape for undici's Request.
        {
          path: target.spec.basePath + x.client.path,
          method: x.client.method,
          headers,
          body: x.body,
          headersTimeout: timeoutMs > 0 ? Math.min(timeoutMs, pools.headersTimeoutMs) : undefined,
          bodyTimeout: timeoutMs > 0 ? Math.min(timeoutMs, pools.bodyTimeoutMs) : undefined,
        },
        // The call logs the attempt and ends its span itself: no closure around `done`.
        new AttemptCall(upstream, target, clock, done, cancel, buffers, stats, span),
      );
    });
  };
}

/** Opens a sampled request's span for this attempt; the upstream gets the attempt's trace context, not the request's. */
function startSpan(trace: AttemptTrace, x: AttemptExchange, request: AttemptRequest, target: TargetState, headers: string[]): AttemptSpan {
  const number = request.stats.attempts;
  const span = trace.attempt({
    upstream: x.upstream.spec.id,
    target: target.spec.url,
    number,
    kind: request.hedged ? 'hedge' : number === 1 ? 'first' : 'retry',
  });
  for (let i = headers.length - 2; i >= 0; i -= 2) {
    const name = headers[i]!.toLowerCase();
    if (name === 'traceparent' || name === 'tracestate') headers.splice(i, 2);
  }
  headers.push(...span.headers);
  return span;
}

/** Replaces what the client sent in the deadline header by the ms left (none when there is no deadline). */
function setDeadlineHeader(headers: string[], name: string, remainingMs: number): void {
  // Only a name of the header's length is lower-cased: the deadline header is on by default, and
  // lower-casing every forwarded name was the policies' largest string cost (callgrind).
  for (let i = headers.length - 2; i >= 0; i -= 2) if (headers[i]!.length === name.length && headers[i]!.toLowerCase() === name) headers.splice(i, 2);
  if (Number.isFinite(remainingMs)) headers.push(name, String(Math.max(0, Math.floor(remainingMs))));
}
