import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import type { AppliedSummary } from '../journal/index.js';

/** The endpoint a request matched, as the engine reports it (`http.route` is its path template). */
export interface MatchedEndpoint {
  readonly id: string;
  readonly path: string;
}

/** The part of the engine's answer a trace reads. */
export interface AnswerShape {
  readonly response: { readonly status: number };
  readonly delivery: { readonly kind: string; readonly bytesPerSecond?: number; readonly chunks?: number; readonly overMs?: number };
  readonly delayMs: number;
  readonly applied?: AppliedSummary | undefined;
}

/** One attempt of a forwarded request (a retry or a hedge is another), as the resilience policies report it. */
export interface AttemptStart {
  readonly upstream: string;
  readonly target: string;
  /** 1 for the first attempt of the request, counting retries and hedges. */
  readonly number: number;
  readonly kind: 'first' | 'retry' | 'hedge';
}

/** An attempt's open span: its trace context for the upstream request, and its end. */
export interface AttemptSpan {
  /** `traceparent` (and `tracestate`), flat, naming the attempt's span as the parent. */
  readonly headers: readonly string[];
  /** The attempt ended: the status it answered (0 when none), or how it failed. */
  end(outcome: string, status: number): void;
}

const headerSetter = { set: (carrier: Record<string, string>, key: string, value: string) => void (carrier[key] = value) };

/**
 * One sampled request: the server span, opened at arrival, and its children, built from the times
 * the engine reports (match, rate-limit, fault, render, latency, deliver). Nothing here runs for an
 * unsampled request.
 */
export class OtelRequestTrace {
  private readonly parent: Context;
  private answeredAt = 0;
  private delayMs = 0;
  private delivery: AnswerShape['delivery'] | undefined;
  private deliverySpan: Span | undefined;
  private done = false;
  private sent = false;

  constructor(
    private readonly tracer: Tracer,
    private readonly propagator: TextMapPropagator,
    private readonly span: Span,
    private readonly method: string,
  ) {
    this.parent = trace.setSpan(ROOT_CONTEXT, span);
  }

  matched(startedAt: number, endpoint: MatchedEndpoint | undefined): void {
    this.child(
      'match',
      startedAt,
      performance.now(),
      endpoint ? { 'mimicus.endpoint.id': endpoint.id, 'mimicus.matched': true } : { 'mimicus.matched': false },
    );
    if (endpoint === undefined) return;
    // Semantic conventions: a server span is named `{method} {http.route}` once the route is known.
    this.span.updateName(`${this.method} ${endpoint.path}`);
    this.span.setAttributes({ 'http.route': endpoint.path, 'mimicus.endpoint.id': endpoint.id });
  }

  rateLimit(bucket: string, allowed: boolean, remaining: number): void {
    const now = performance.now();
    this.child('rate-limit', now, now, {
      'mimicus.rate_limit.bucket': bucket,
      'mimicus.rate_limit.allowed': allowed,
      'mimicus.rate_limit.remaining': remaining,
    });
  }

  rendered(startedAt: number, responder: string, variant: string | undefined): void {
    this.child(
      'render',
      startedAt,
      performance.now(),
      variant === undefined ? { 'mimicus.responder': responder } : { 'mimicus.responder': responder, 'mimicus.variant': variant },
    );
  }

  answered(answer: AnswerShape): void {
    const now = performance.now();
    this.answeredAt = now;
    this.delayMs = answer.delayMs;
    this.delivery = answer.delivery;
    const applied = answer.applied;
    const attributes: Attributes = { 'mimicus.delay_ms': answer.delayMs };
    if (applied?.window !== undefined) attributes['mimicus.schedule.window'] = applied.window;
    if (applied?.variant !== undefined) attributes['mimicus.variant'] = applied.variant;
    if (applied?.rateLimited === true) attributes['mimicus.rate_limited'] = true;
    if (applied?.fault !== undefined) {
      const kind = faultKind(applied.fault);
      attributes['mimicus.fault.kind'] = kind;
      this.child('fault', now, now, { 'mimicus.fault.kind': kind, 'mimicus.fault.label': applied.fault });
    }
    this.span.setAttributes(attributes);
  }

  sending(): void {
    const now = performance.now();
    this.sent = true;
    if (this.delayMs > 0 && this.answeredAt > 0) {
      // The wait that completes the sampled delay, measured from arrival: work done before it is not added on top.
      this.child('latency', this.answeredAt, now, { 'mimicus.latency.sampled_ms': this.delayMs, 'mimicus.latency.waited_ms': now - this.answeredAt });
    }
    const delivery = this.delivery;
    if (delivery === undefined || delivery.kind === 'whole') return;
    // Bandwidth and the faults that break the response (dribble, reset, empty, hang) last until the end.
    const attributes: Attributes = { 'mimicus.delivery.kind': delivery.kind };
    if (delivery.bytesPerSecond !== undefined) attributes['mimicus.bandwidth.bytes_per_second'] = delivery.bytesPerSecond;
    if (delivery.chunks !== undefined) attributes['mimicus.dribble.chunks'] = delivery.chunks;
    this.deliverySpan = this.tracer.startSpan(delivery.kind === 'paced' ? 'bandwidth' : 'deliver', { startTime: hrTime(now), attributes }, this.parent);
  }

  finished(status: number, abandoned: boolean): void {
    if (this.done) return;
    this.done = true;
    const now = performance.now();
    // The client left during the wait: the latency span shows how much of it was waited.
    if (!this.sent && this.delayMs > 0 && this.answeredAt > 0) {
      this.child('latency', this.answeredAt, now, {
        'mimicus.latency.sampled_ms': this.delayMs,
        'mimicus.latency.waited_ms': now - this.answeredAt,
        'mimicus.latency.completed': false,
      });
    }
    this.deliverySpan?.end(hrTime(now));
    if (status > 0) this.span.setAttribute('http.response.status_code', status);
    // Faults that break the connection on purpose (reset, empty, hang) are not the client leaving.
    const kind = this.delivery?.kind;
    if (abandoned && kind !== 'reset' && kind !== 'empty' && kind !== 'hang') this.span.setAttribute('mimicus.abandoned', true);
    // Semantic conventions: for a server span only 5xx is an error (4xx are the client's).
    if (status >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.span.end(hrTime(now));
  }

  inject(headers: Record<string, string>): void {
    this.propagator.inject(this.parent, headers, headerSetter);
  }

  /**
   * A client span per attempt, child of the server span: the target, the attempt's number and
   * kind (first, retry, hedge), and when it ends its outcome (the status, or how it failed: reset,
   * timeout, cancelled when a hedge won…). The upstream request carries this span's context, so the
   * backend's own spans hang under the attempt that reached it.
   */
  attempt(start: AttemptStart): AttemptSpan {
    const span = this.tracer.startSpan(
      'upstream attempt',
      {
        kind: SpanKind.CLIENT,
        startTime: hrTime(performance.now()),
        attributes: {
          'mimicus.upstream.id': start.upstream,
          'mimicus.attempt.target': start.target,
          'mimicus.attempt.number': start.number,
          'mimicus.attempt.kind': start.kind,
        },
      },
      this.parent,
    );
    const carrier: Record<string, string> = {};
    this.propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, headerSetter);
    const headers: string[] = [];
    for (const name of Object.keys(carrier)) headers.push(name, carrier[name]!);
    return {
      headers,
      end: (outcome, status) => {
        span.setAttribute('mimicus.attempt.outcome', outcome);
        if (status > 0) span.setAttribute('http.response.status_code', status);
        // A client span is an error when no answer came or the answer is 5xx (semantic conventions).
        if (status === 0 ? outcome !== 'cancelled' : status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end(hrTime(performance.now()));
      },
    };
  }

  /**
   * Times go in as HrTime from one fixed origin (performance.timeOrigin): given a plain
   * performance.now() reading, the SDK corrects it with a per-span offset taken from Date.now(),
   * which moves by up to a millisecond from span to span and could put a child before its parent.
   */
  private child(name: string, startedAt: number, endedAt: number, attributes: Attributes): void {
    this.tracer.startSpan(name, { startTime: hrTime(startedAt), attributes }, this.parent).end(hrTime(endedAt));
  }
}

/** `status:503` → `status`, `corrupt:truncate` → `corrupt`, `reset` → `reset`. */
function faultKind(label: string): string {
  const colon = label.indexOf(':');
  return colon < 0 ? label : label.slice(0, colon);
}

/** The server span's attributes at arrival (HTTP semantic conventions). */
export function arrivalAttributes(req: IncomingMessage): Attributes {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const attributes: Attributes = {
    'http.request.method': req.method ?? 'GET',
    'url.path': q < 0 ? url : url.slice(0, q),
    'url.scheme': 'http',
    'network.protocol.version': req.httpVersion,
  };
  if (q >= 0) attributes['url.query'] = url.slice(q + 1);
  const address = req.socket.remoteAddress;
  if (address !== undefined) attributes['client.address'] = address;
  const port = req.socket.localPort;
  if (port !== undefined) attributes['server.port'] = port;
  const agent = req.headers['user-agent'];
  if (agent !== undefined) attributes['user_agent.original'] = agent;
  return attributes;
}
