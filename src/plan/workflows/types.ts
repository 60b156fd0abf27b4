import type { RateLimitSpec } from '../behaviors/types.js';
import type { CompiledMatch } from '../match/index.js';

/** A workflow of the config, compiled: its members, its state machine and its shared bucket. */
export interface PlanWorkflow {
  readonly id: string;
  /** Position in `workflows`, for config paths (`workflows[<index>]`). */
  readonly index: number;
  /** Member endpoint ids: in list order for `endpoints:`, in config order for `match:`. */
  readonly memberIds: readonly string[];
  readonly scope: 'global' | 'session' | 'client';
  /** Orders the overrides of an endpoint in several workflows (higher wins); 0 when not given. */
  readonly precedence: number;
  /** The workflow's own `rateLimit`: one bucket every member takes from (the same object on each member). */
  readonly sharedLimit: RateLimitSpec | undefined;
  readonly machine: StateMachine | undefined;
}

export interface StateMachine {
  readonly initial: string;
  /** The initial state first, then every other state in order of first mention. */
  readonly states: readonly string[];
  /** In config order, by the endpoint id that fires them. */
  readonly transitionsByEndpoint: ReadonlyMap<string, readonly Transition[]>;
}

export interface Transition {
  /** The states it leaves; null for any ("*"). */
  readonly from: ReadonlySet<string> | null;
  readonly to: string;
  readonly when: CompiledMatch | undefined;
  /** Config path of the transition (`workflows[0].states.transitions[1]`). */
  readonly at: string;
}

export interface CompiledWorkflows {
  readonly workflows: readonly PlanWorkflow[];
  /** Per endpoint index: the workflows it belongs to, highest precedence first (config order among equals). */
  readonly byEndpoint: readonly (readonly PlanWorkflow[])[];
  /** Per endpoint index: the one workflow with a state machine it belongs to, if there is exactly one. */
  readonly stateWorkflowOf: readonly (PlanWorkflow | undefined)[];
}
