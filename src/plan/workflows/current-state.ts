/**
 * A workflow's current state from what is stored: the stored name while the machine still has
 * that state, else the initial state. A workflow never entered has nothing stored; a reload that
 * removed or renamed a state would otherwise leave the sessions in it stuck (no `whenState`
 * endpoint matches it, no transition leaves it), so they start the journey again instead.
 */
export function currentState(stored: unknown, initial: string, states: readonly string[]): string {
  return typeof stored === 'string' && states.includes(stored) ? stored : initial;
}

/** The states a `states:` block names: the initial one, then each other in order of first mention (as the compiled machine lists them). */
export function statesOf(config: {
  readonly initial: string;
  readonly transitions: readonly { readonly from: string | readonly string[]; readonly to: string }[];
}): string[] {
  const states = [config.initial];
  const add = (state: string) => {
    if (state !== '*' && !states.includes(state)) states.push(state);
  };
  for (const transition of config.transitions) {
    for (const from of typeof transition.from === 'string' ? [transition.from] : transition.from) add(from);
    add(transition.to);
  }
  return states;
}
