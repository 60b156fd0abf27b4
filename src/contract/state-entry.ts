import { Type, type Static } from 'typebox';
import { listOf } from './list-of.js';

/** One stored state entry: a variable, a sequence counter, a CRUD item (`<collection>:<id>`) or a workflow state. */
export const StateEntrySchema = Type.Object({
  scope: Type.String({ description: 'global, session:<id>, client:<address> or endpoint:<id>' }),
  kind: Type.Union([Type.Literal('var'), Type.Literal('seq'), Type.Literal('crud'), Type.Literal('wf')]),
  name: Type.String(),
  value: Type.Unknown(),
  expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'when it expires (absent: never)' })),
});
export type StateEntry = Static<typeof StateEntrySchema>;
export type StateEntryKind = StateEntry['kind'];

/** `GET /api/state`. */
export const StateListSchema = Type.Object({ items: listOf(StateEntrySchema) });
export type StateList = Static<typeof StateListSchema>;

/** `GET /api/workflows/{id}/state` items: `stored` shows a state the workflow no longer has (it counts as the initial one). */
export const WorkflowScopeStateSchema = Type.Object({
  scope: Type.String(),
  state: Type.String({ description: 'the state requests see' }),
  stored: Type.Optional(Type.Unknown({ description: 'what is stored, when the workflow no longer has that state' })),
});
export type WorkflowScopeState = Static<typeof WorkflowScopeStateSchema>;

/** `GET /api/workflows/{id}/state`: the scopes that have left the initial state. */
export const WorkflowStateListSchema = Type.Object({ items: listOf(WorkflowScopeStateSchema) });
export type WorkflowStateList = Static<typeof WorkflowStateListSchema>;
