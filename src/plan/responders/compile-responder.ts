import type { ConfigIssue, Endpoint, Result } from '../../config/index.js';
import type { StateRef } from '../mock-request.js';
import { compileCrud } from '../crud/compile-crud.js';
import { compileProxy } from '../upstreams/compile-proxy.js';
import { compileResponse, type ResponseCompileContext } from './compile-response.js';
import { SequenceCursors } from './sequence-cursors.js';
import type { Responder } from './types.js';
import type { RenderTemplate } from '../templates/types.js';

/** A sequence's `key:`: a template that reads the request only (positions live in memory, not in state). */
function compileSequenceKey(source: string | undefined, at: string, context: ResponseCompileContext): Result<RenderTemplate | undefined, ConfigIssue[]> {
  if (source === undefined) return { ok: true, value: undefined };
  const compiled = context.compileTemplate(source);
  if (!compiled.ok) return { ok: false, error: [{ path: at, message: `template does not compile: ${compiled.error.message}` }] };
  if (compiled.value.usesState) return { ok: false, error: [{ path: at, message: 'may read the request only, not state' }] };
  return { ok: true, value: compiled.value };
}

async function compileAll(
  responses: readonly { response: Endpoint['response'] & object; at: string }[],
  context: ResponseCompileContext,
): Promise<Result<Responder[], ConfigIssue[]>> {
  const results = await Promise.all(responses.map(({ response, at }) => compileResponse(response, at, context)));
  const issues = results.flatMap((r) => (r.ok ? [] : r.error));
  if (issues.length > 0) return { ok: false, error: issues };
  return { ok: true, value: results.map((r) => (r as { ok: true; value: Responder }).value) };
}

/** The workflow whose current state picks among `responses:`. */
export interface ResponsesMachine {
  readonly ref: StateRef;
  readonly initial: string;
  readonly states: readonly string[];
}

/**
 * Compiles how an endpoint answers: one response, weighted variants, a sequence, a CRUD
 * collection, or one response per workflow state. The loader already checked that exactly one of
 * them is present (`response` may accompany `responses` as its fallback); the workflow compiler
 * checks that `responses` names real states of exactly one workflow (`machine`).
 */
export async function compileResponder(
  endpoint: Endpoint,
  at: string,
  context: ResponseCompileContext,
  machine?: ResponsesMachine,
): Promise<Result<Responder, ConfigIssue[]>> {
  if (endpoint.responses !== undefined) {
    const states = Object.keys(endpoint.responses);
    const compiled = await compileAll(
      [
        ...states.map((state) => ({ response: endpoint.responses![state]!, at: `${at}.responses.${state}` })),
        ...(endpoint.response ? [{ response: endpoint.response, at: `${at}.response` }] : []),
      ],
      context,
    );
    if (!compiled.ok) return compiled;
    // Without a machine the workflow compiler has reported why; the plan will not be served.
    if (machine === undefined) return { ok: true, value: compiled.value[0]! };
    return {
      ok: true,
      value: {
        type: 'by-state',
        ref: machine.ref,
        initial: machine.initial,
        states: machine.states,
        choices: new Map(states.map((state, i) => [state, compiled.value[i]!])),
        fallback: endpoint.response ? compiled.value[states.length] : undefined,
      },
    };
  }
  if (endpoint.variants !== undefined) {
    const compiled = await compileAll(
      endpoint.variants.map((variant, i) => ({ response: variant.response, at: `${at}.variants[${i}].response` })),
      context,
    );
    if (!compiled.ok) return compiled;
    let total = 0;
    const cumulativeWeights = endpoint.variants.map((variant) => (total += variant.weight));
    return {
      ok: true,
      value: {
        type: 'variants',
        cumulativeWeights,
        totalWeight: total,
        choices: compiled.value,
        ids: endpoint.variants.map((variant, i) => variant.id ?? String(i)),
      },
    };
  }
  if (endpoint.sequence !== undefined) {
    const compiled = await compileAll(
      endpoint.sequence.responses.map((response, i) => ({ response, at: `${at}.sequence.responses[${i}]` })),
      context,
    );
    if (!compiled.ok) return compiled;
    const key = compileSequenceKey(endpoint.sequence.key, `${at}.sequence.key`, context);
    if (!key.ok) return key;
    return {
      ok: true,
      value: {
        type: 'sequence',
        steps: compiled.value,
        after: endpoint.sequence.after ?? 'last',
        key: key.value,
        cursors: context.openSequence?.(at) ?? new SequenceCursors(),
      },
    };
  }
  if (endpoint.crud !== undefined) {
    const spec = await compileCrud(endpoint.crud, `${at}.crud`, context.readBodyFile);
    return spec.ok ? { ok: true, value: { type: 'crud', spec: spec.value } } : spec;
  }
  if (endpoint.proxy !== undefined) {
    const spec = compileProxy(endpoint.proxy, `${at}.proxy`, context.compileTemplate);
    if (!spec.ok) return spec;
    const resilience = await context.compileResilience?.(endpoint, spec.value, at);
    if (resilience && !resilience.ok) return resilience;
    return { ok: true, value: { type: 'proxy', spec: resilience?.value ? { ...spec.value, resilience: resilience.value } : spec.value } };
  }
  return compileResponse(endpoint.response ?? {}, `${at}.response`, context);
}
