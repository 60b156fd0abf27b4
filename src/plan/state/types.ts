import type { StateScope } from '../../config/index.js';
import type { RenderTemplate } from '../templates/types.js';

/** A `set` action: a JSON value, or a template rendered per request (a string with `{{ }}`). */
export interface SetAction {
  readonly name: string;
  readonly value: unknown;
  readonly render: RenderTemplate | undefined;
}

/** An endpoint's declarative `state:` actions, applied after it answers with its own response. */
export interface StateActions {
  readonly set: readonly SetAction[];
  readonly inc: readonly { readonly name: string; readonly by: number }[];
  readonly delete: readonly string[];
  /** How long the keys of `set` live; undefined: until deleted. */
  readonly ttlMs: number | undefined;
  /** `start`: the response opens a new session (engine/state/session-cookie.ts); `end`: it clears the cookie. */
  readonly session: 'start' | 'end' | undefined;
}

/** How one endpoint uses state. */
export interface EndpointState {
  /** Where its templates, actions and `match.state` read and write unless they name a scope. */
  readonly scope: StateScope;
  readonly actions: StateActions | undefined;
}
