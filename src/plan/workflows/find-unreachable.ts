import type { ConfigIssue, WorkflowConfig } from '../../config/index.js';
import { suggestName } from './suggest-name.js';
import type { StateMachine, Transition } from './types.js';

type TransitionConfig = NonNullable<WorkflowConfig['states']>['transitions'][number];

/**
 * States no transition reaches from the initial state, and transitions that can never fire:
 * those that leave only unreachable states, and those an earlier transition on the same
 * endpoint without `when` always pre-empts (the first transition that applies wins).
 * `firstMention` gives, per state, the config path where it is first named.
 */
export function findUnreachable(
  machine: StateMachine,
  transitions: readonly Transition[],
  configs: readonly TransitionConfig[],
  firstMention: ReadonlyMap<string, string>,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const reachable = reachableStates(machine.initial, transitions);
  const initialAt = firstMention.get(machine.initial)!;
  for (const state of machine.states) {
    if (reachable.has(state)) continue;
    const incoming = transitions.filter((transition) => transition.to === state);
    issues.push(
      incoming.length === 0
        ? {
            path: firstMention.get(state)!,
            message: `state "${state}" is never reached: it is not the initial state and no transition goes to it${suggestName(state, reachable)}`,
            related: [{ path: initialAt }],
          }
        : {
            path: firstMention.get(state)!,
            message: `state "${state}" is never reached: only transitions from states that are never reached go to it`,
            related: incoming.map((transition) => ({ path: transition.at })),
          },
    );
  }

  transitions.forEach((transition, t) => {
    const leaves = transition.from === null ? [...reachable] : [...transition.from].filter((state) => reachable.has(state));
    if (leaves.length === 0) {
      const names = [...(transition.from ?? [])].map((state) => `"${state}"`).join(', ');
      issues.push({ path: `${transition.at}.from`, message: `transition never fires: it leaves only states that are never reached (${names})` });
      return;
    }
    // Earlier transitions on the same endpoint without `when` that leave one of these states.
    const covering = transitions.flatMap((other, k) =>
      k < t && configs[k]!.on === configs[t]!.on && configs[k]!.when === undefined && leaves.some((state) => leavesState(other, state)) ? [k] : [],
    );
    if (!leaves.every((state) => covering.some((k) => leavesState(transitions[k]!, state)))) return;
    const one = covering.length === 1;
    issues.push({
      path: transition.at,
      message: `transition never fires: ${covering.map((k) => describe(k, transitions[k]!, configs[k]!)).join(' and ')} ${one ? 'has' : 'have'} no when and always ${one ? 'fires' : 'fire'} first`,
      related: covering.map((k) => ({ path: transitions[k]!.at })),
    });
  });
  return issues;
}

function reachableStates(initial: string, transitions: readonly Transition[]): Set<string> {
  const reachable = new Set([initial]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const transition of transitions) {
      if (reachable.has(transition.to)) continue;
      if (transition.from === null || [...transition.from].some((state) => reachable.has(state))) {
        reachable.add(transition.to);
        grew = true;
      }
    }
  }
  reachable.delete('*'); // a `to: "*"` is reported where it is written
  return reachable;
}

const leavesState = (transition: Transition, state: string): boolean => transition.from === null || transition.from.has(state);

function describe(index: number, transition: Transition, config: TransitionConfig): string {
  const from = transition.from === null ? '"*"' : [...transition.from].map((state) => `"${state}"`).join(', ');
  return `transitions[${index}] (on "${config.on}", from ${from})`;
}
