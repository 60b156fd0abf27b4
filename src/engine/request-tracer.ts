import type { IncomingMessage } from 'node:http';
import type { AnswerShape as TracedAnswer, AttemptSpan, AttemptStart, MatchedEndpoint as TracedEndpoint } from '../observe/index.js';

/**
 * The engine's tracing hook. The engine calls `start` once per request, at arrival, and only when
 * tracing is configured; the implementation decides sampling there, once. An unsampled request
 * gets `undefined` and runs the untraced path: no span objects, no further calls.
 *
 * Times are `performance.now()` readings, taken by the engine where the work happens, so the
 * implementation can build spans after the fact without timing anything itself.
 */
export interface RequestTracer {
  start(req: IncomingMessage, arrivedAt: number): RequestTrace | undefined;
}

/** What the engine reports about one sampled request, in order. */
export interface RequestTrace {
  /** Matching ran from `startedAt` to now; `endpoint` is undefined when no endpoint matched. */
  matched(startedAt: number, endpoint: TracedEndpoint | undefined): void;
  /** A rate-limit bucket was consulted (endpoint's own, then shared ones). */
  rateLimit(bucket: string, allowed: boolean, remaining: number): void;
  /** A responder produced the response from `startedAt` to now (template rendering, variants, CRUD). */
  rendered(startedAt: number, responder: string, variant: string | undefined): void;
  /** The answer is decided: what was applied, the sampled delay and how it will be delivered. */
  answered(answer: TracedAnswer): void;
  /** The first response byte is about to be written (the latency wait, if any, is over). */
  sending(): void;
  /** The last byte was handed to the socket, or the client left first (`abandoned`). */
  finished(status: number, abandoned: boolean): void;
  /**
   * Writes this request's context (`traceparent`, `tracestate`) into outgoing headers. The proxy
   * (a later issue) calls it on the upstream request so the upstream continues the same trace,
   * with the server span as the upstream call's parent. An unsampled request has no RequestTrace:
   * there the proxy should pass the incoming `traceparent`/`tracestate` on unchanged, so the
   * upstream sees the caller's (unsampled) decision.
   */
  inject(headers: Record<string, string>): void;
  /** One attempt of a request forwarded through the resilience policies (first, retry, hedge): a child span, whose context goes upstream. */
  attempt(start: AttemptStart): AttemptSpan;
}

// What a trace reads of the matched endpoint and of the answer: defined beside the tracing
// implementation in observe (which cannot import the engine); Answer satisfies TracedAnswer.
export type { MatchedEndpoint as TracedEndpoint, AnswerShape as TracedAnswer } from '../observe/index.js';
