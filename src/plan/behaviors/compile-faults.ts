import { STATUS_CODES } from 'node:http';
import { parseSizeBytes, type ConfigIssue, type FaultConfig, type Result } from '../../config/index.js';
import { timerDurationMs } from '../timer-duration-ms.js';
import { compileResponse, type ResponseCompileContext } from '../responders/compile-response.js';
import type { Corruption, Fault, FaultTable } from './types.js';

/** Rates are probabilities of one draw; float sums like 0.1+0.2 must not fail the ≤ 1 check. */
const RATE_EPSILON = 1e-9;
const DEFAULT_HANG_MS = 30_000;

function corruptionOf(fault: Extract<FaultConfig, { kind: 'corrupt' }>, at: string): Result<Corruption, ConfigIssue[]> {
  const given = (['truncate', 'replace', 'garbage', 'invalidJson'] as const).filter((key) => fault[key] !== undefined);
  if (given.length !== 1) {
    const message =
      given.length === 0 ? 'a corrupt fault needs one of truncate, replace, garbage, invalidJson' : `a corrupt fault takes only one of ${given.join(', ')}`;
    return { ok: false, error: [{ path: at, message }] };
  }
  if (fault.truncate !== undefined) return { ok: true, value: { mode: 'truncate', keepFraction: fault.truncate } };
  if (fault.replace !== undefined) return { ok: true, value: { mode: 'replace', find: fault.replace.find, with: fault.replace.with } };
  if (fault.garbage !== undefined) return { ok: true, value: { mode: 'garbage', bytes: fault.garbage } };
  return { ok: true, value: { mode: 'invalid-json' } };
}

async function compileFault(fault: FaultConfig, at: string, context: ResponseCompileContext): Promise<Result<{ fault: Fault; label: string }, ConfigIssue[]>> {
  switch (fault.kind) {
    case undefined:
    case 'status': {
      const status = fault.status ?? 500;
      const body = fault.body === undefined && fault.json === undefined ? { json: { error: STATUS_CODES[status] ?? 'Error', status } } : {};
      const { kind: _kind, rate: _rate, ...response } = fault;
      const responder = await compileResponse({ ...response, ...body, status }, at, context);
      return responder.ok ? { ok: true, value: { fault: { kind: 'status', responder: responder.value }, label: `status:${status}` } } : responder;
    }
    case 'error-in-payload': {
      const body = fault.body === undefined && fault.json === undefined ? { json: { status: 'error', error: 'simulated error' } } : {};
      const { kind: _kind, rate: _rate, ...response } = fault;
      const responder = await compileResponse({ ...response, ...body, status: 200 }, at, context);
      return responder.ok ? { ok: true, value: { fault: { kind: 'error-in-payload', responder: responder.value }, label: 'error-in-payload' } } : responder;
    }
    case 'corrupt': {
      const corruption = corruptionOf(fault, at);
      return corruption.ok
        ? { ok: true, value: { fault: { kind: 'corrupt', corruption: corruption.value }, label: `corrupt:${corruption.value.mode}` } }
        : corruption;
    }
    case 'reset':
      return { ok: true, value: { fault: { kind: 'reset', afterBytes: fault.after === undefined ? undefined : parseSizeBytes(fault.after) }, label: 'reset' } };
    case 'empty':
      return { ok: true, value: { fault: { kind: fault.kind }, label: fault.kind } };
    case 'hang': {
      const maxMs = fault.max === undefined ? { ok: true as const, value: DEFAULT_HANG_MS } : timerDurationMs(fault.max, `${at}.max`);
      return maxMs.ok ? { ok: true, value: { fault: { kind: 'hang', maxMs: maxMs.value }, label: 'hang' } } : maxMs;
    }
    case 'dribble': {
      const overMs = timerDurationMs(fault.over, `${at}.over`);
      return overMs.ok ? { ok: true, value: { fault: { kind: 'dribble', chunks: fault.chunks, overMs: overMs.value }, label: 'dribble' } } : overMs;
    }
  }
}

/**
 * Compiles an `errors` list into a table drawn from with one PRNG draw per request. The rates of
 * one list are probabilities of exclusive outcomes, so they must sum to at most 1.
 */
export async function compileFaults(
  faults: readonly FaultConfig[],
  at: string,
  context: ResponseCompileContext,
): Promise<Result<FaultTable | undefined, ConfigIssue[]>> {
  if (faults.length === 0) return { ok: true, value: undefined };
  const total = faults.reduce((sum, fault) => sum + fault.rate, 0);
  const issues: ConfigIssue[] = [];
  if (total > 1 + RATE_EPSILON) {
    issues.push({ path: at, message: `the rates sum to ${Number(total.toFixed(6))}; the rates of one errors list must sum to at most 1` });
  }
  const compiled = await Promise.all(faults.map((fault, i) => compileFault(fault, `${at}[${i}]`, context)));
  for (const result of compiled) if (!result.ok) issues.push(...result.error);
  if (issues.length > 0) return { ok: false, error: issues };
  let cumulative = 0;
  return {
    ok: true,
    value: {
      faults: compiled.map((result) => (result as { ok: true; value: { fault: Fault } }).value.fault),
      labels: compiled.map((result) => (result as { ok: true; value: { label: string } }).value.label),
      cumulativeRates: faults.map((fault) => (cumulative += fault.rate)),
    },
  };
}
