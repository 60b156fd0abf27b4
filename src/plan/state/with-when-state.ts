import type { CompiledMatch } from '../match/index.js';
import type { StateRef } from '../mock-request.js';
import { currentState } from '../workflows/current-state.js';
import type { StateMachine } from '../workflows/types.js';

/**
 * Adds `whenState` to an endpoint's match: it then matches only while its workflow is in one of
 * the given states (a workflow never entered, or stored in a state it no longer has, is in its
 * initial state: workflows/current-state.ts). It counts as one more
 * predicate, and the states are part of the canonical text, so `whenState: browsing` and
 * `whenState: carted` on the same path are two endpoints, not a conflict.
 */
export function withWhenState(
  match: CompiledMatch,
  ref: StateRef,
  machine: Pick<StateMachine, 'initial' | 'states'>,
  whenState: string | readonly string[],
): CompiledMatch {
  const states = new Set(typeof whenState === 'string' ? [whenState] : whenState);
  const current = (request: Parameters<CompiledMatch['test']>[0]): string => currentState(request.state?.read(ref), machine.initial, machine.states);
  const expected = [...states].join(' or ');
  return {
    test: (request) => states.has(current(request)) && match.test(request),
    explain: (request) => {
      const state = current(request);
      const own = states.has(state) ? [] : [{ part: `workflow ${ref.name}`, expected: `state ${expected}`, actual: state }];
      return [...own, ...match.explain(request)];
    },
    predicateCount: match.predicateCount + 1,
    canonical: `{"whenState":${JSON.stringify([...states].sort())},"match":${match.canonical}}`,
  };
}
