import type { CompiledMatch } from '../match/index.js';
import type { StateRef } from '../mock-request.js';

/**
 * Adds `whenState` to an endpoint's match: it then matches only while its workflow is in one of
 * the given states (a workflow never entered is in its initial state). It counts as one more
 * predicate, and the states are part of the canonical text, so `whenState: browsing` and
 * `whenState: carted` on the same path are two endpoints, not a conflict.
 */
export function withWhenState(match: CompiledMatch, ref: StateRef, initial: string, whenState: string | readonly string[]): CompiledMatch {
  const states = new Set(typeof whenState === 'string' ? [whenState] : whenState);
  const current = (request: Parameters<CompiledMatch['test']>[0]): string => {
    const value = request.state?.read(ref);
    return typeof value === 'string' ? value : initial;
  };
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
