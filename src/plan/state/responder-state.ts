import type { StateScope } from '../../config/index.js';
import type { StateRef } from '../mock-request.js';
import type { Responder } from '../responders/types.js';
import type { RenderTemplate } from '../templates/types.js';
import type { StateActions } from './types.js';

function templatesOf(responder: Responder): RenderTemplate[] {
  switch (responder.type) {
    case 'template':
      return [responder.response.body, ...responder.response.templatedHeaders.map((header) => header.render)];
    case 'variants':
      return responder.choices.flatMap(templatesOf);
    case 'sequence':
      return responder.steps.flatMap(templatesOf);
    case 'by-state':
      return [...responder.choices.values(), ...(responder.fallback ? [responder.fallback] : [])].flatMap(templatesOf);
    default:
      return [];
  }
}

/** A counter increment the engine reserves before the first render (see TemplateStateIncrement). */
export interface UpFrontIncrement {
  readonly scope: StateScope;
  readonly entry: 'var' | 'seq';
  readonly name: string;
  readonly by: number;
}

/**
 * The increments a plain template response makes on every render. Only for a `template`
 * responder: among variants, sequence steps or per-state responses only the chosen one renders.
 */
export function upFrontIncrementsOf(responder: Responder, scope: StateScope): UpFrontIncrement[] {
  if (responder.type !== 'template') return [];
  return templatesOf(responder).flatMap((render) =>
    render.stateIncrements.map((increment) => ({
      scope: (increment.scope as StateScope | undefined) ?? scope,
      entry: increment.helper === 'sequence' ? ('seq' as const) : ('var' as const),
      name: increment.name,
      by: increment.by,
    })),
  );
}

/** Whether producing this response reads or writes state (so it must take the engine's state path). */
export function responderUsesState(responder: Responder): boolean {
  return responder.type === 'crud' || responder.type === 'by-state' || templatesOf(responder).some((render) => render.usesState);
}

/** The workflows its response and actions name in `workflowState` calls (undefined: the endpoint's own), each once. */
export function workflowReadsOf(responder: Responder, actions: StateActions | undefined): (string | undefined)[] {
  const templates = [...templatesOf(responder), ...(actions?.set.flatMap((action) => (action.render ? [action.render] : [])) ?? [])];
  return [...new Set(templates.flatMap((render) => render.workflowReads))];
}

/**
 * The state an endpoint's response and actions read by literal name, resolved to refs: loaded in
 * one round trip before the first render.
 */
export function stateReadsOf(responder: Responder, actions: StateActions | undefined, scope: StateScope, owner: string): StateRef[] {
  const templates = [...templatesOf(responder), ...(actions?.set.flatMap((action) => (action.render ? [action.render] : [])) ?? [])];
  const refs: StateRef[] = [];
  const seen = new Set<string>();
  for (const read of templates.flatMap((render) => render.stateReads)) {
    const ref: StateRef = { scope: (read.scope as StateScope | undefined) ?? scope, owner, entry: 'var', name: read.name };
    const id = `${ref.scope}\u0000${ref.name}`;
    if (!seen.has(id)) refs.push(ref);
    seen.add(id);
  }
  if (responder.type === 'by-state') refs.push(responder.ref);
  return refs;
}
