import type { ConfigIssue, RequestMatch, Result, WorkflowConfig } from '../../config/index.js';
import type { CompiledMatch } from '../match/index.js';
import { findUnreachable } from './find-unreachable.js';
import { suggestName } from './suggest-name.js';
import type { StateMachine, Transition } from './types.js';

/** Compiles a transition's `when` (the plan passes `compileRequestMatch` with its shared schema compiler). */
export type CompileWhen = (when: RequestMatch, at: string) => Result<CompiledMatch, ConfigIssue[]>;

type StatesConfig = NonNullable<WorkflowConfig['states']>;

export interface MachineContext {
  readonly workflowId: string;
  /** Config path of the `states` block (`workflows[0].states`). */
  readonly at: string;
  readonly memberIds: ReadonlySet<string>;
  readonly indexById: ReadonlyMap<string, number>;
  readonly compileWhen: CompileWhen;
}

const ANY = '*';

/**
 * Compiles a workflow's `states`. The machine's states are the initial one and every state a
 * transition names. Reports transitions fired by non-members, `"*"` outside `from`, states no
 * transition reaches and transitions that can never fire.
 */
export function compileStateMachine(states: StatesConfig, context: MachineContext, issues: ConfigIssue[]): StateMachine {
  const { at } = context;
  if (states.initial === ANY) issues.push({ path: `${at}.initial`, message: `"*" means any state and can only be used in from; initial names one state` });
  const firstMention = new Map<string, string>([[states.initial, `${at}.initial`]]);
  const mention = (state: string, path: string): void => {
    if (state !== ANY && !firstMention.has(state)) firstMention.set(state, path);
  };

  const transitions: Transition[] = states.transitions.map((config, t) => {
    const tAt = `${at}.transitions[${t}]`;
    checkOn(config.on, `${tAt}.on`, context, issues);
    const fromList = typeof config.from === 'string' ? [config.from] : config.from;
    fromList.forEach((state, k) => mention(state, typeof config.from === 'string' ? `${tAt}.from` : `${tAt}.from[${k}]`));
    if (config.to === ANY) {
      issues.push({ path: `${tAt}.to`, message: `"*" means any state and can only be used in from; to names the state the workflow moves to` });
    }
    mention(config.to, `${tAt}.to`);
    const when = config.when === undefined ? undefined : context.compileWhen(config.when, `${tAt}.when`);
    if (when !== undefined && !when.ok) issues.push(...when.error);
    return {
      from: fromList.includes(ANY) ? null : new Set(fromList),
      to: config.to,
      when: when?.ok ? when.value : undefined,
      at: tAt,
    };
  });

  const machine: StateMachine = {
    initial: states.initial,
    states: [...firstMention.keys()],
    transitionsByEndpoint: groupByEndpoint(
      states.transitions.map((config) => config.on),
      transitions,
    ),
  };
  issues.push(...findUnreachable(machine, transitions, states.transitions, firstMention));
  return machine;
}

function checkOn(on: string, at: string, context: MachineContext, issues: ConfigIssue[]): void {
  if (context.memberIds.has(on)) return;
  const index = context.indexById.get(on);
  if (index === undefined) {
    const suggestion = suggestName(on, context.memberIds) || suggestName(on, context.indexById.keys());
    issues.push({ path: at, message: `no endpoint has id "${on}"${suggestion}` });
    return;
  }
  issues.push({
    path: at,
    message: `endpoint "${on}" is not a member of workflow "${context.workflowId}", so it never fires this transition${suggestName(on, context.memberIds)}`,
    related: [{ path: `endpoints[${index}]` }],
  });
}

function groupByEndpoint(ons: readonly string[], transitions: readonly Transition[]): ReadonlyMap<string, readonly Transition[]> {
  const byEndpoint = new Map<string, Transition[]>();
  transitions.forEach((transition, t) => {
    const on = ons[t]!;
    const list = byEndpoint.get(on);
    if (list === undefined) byEndpoint.set(on, [transition]);
    else list.push(transition);
  });
  return byEndpoint;
}
