import type { ReactNode } from 'react';
import { isObject, toInput, type Draft } from '../editor/draft.ts';
import { ListInput } from './list-input.tsx';

type Update = (path: readonly (string | number)[], value: unknown) => void;

/**
 * The state machine: its initial state and transitions (on an endpoint's answer, from a state or
 * a list of them or "*", to a state). A transition's `when` is kept and edited in the YAML tab.
 */
export function TransitionsEditor({
  states,
  memberIds,
  update,
  restart,
  issueFor,
}: {
  states: Draft | undefined;
  memberIds: readonly string[];
  update: Update;
  /** Starts the inputs over from the draft (a removed row shifts the ones below it). */
  restart: () => void;
  issueFor: (path: string) => ReactNode;
}) {
  const transitions = Array.isArray(states?.transitions) ? (states.transitions as unknown[]).map((t) => (isObject(t) ? t : {})) : [];
  const blank = (from: unknown) => ({ on: memberIds[0] ?? '', from: typeof from === 'string' && from !== '' ? from : '*', to: '' });
  return (
    <fieldset className="editor-block">
      <legend>State machine</legend>
      <label className="choice">
        <input
          type="checkbox"
          checked={states !== undefined}
          onChange={(e) => update(['states'], e.target.checked ? { initial: 'start', transitions: [blank('start')] } : undefined)}
        />{' '}
        <span>
          This workflow has states (endpoints answer by state with <code>whenState</code>)
        </span>
      </label>
      {states !== undefined && (
        <>
          <div className="field">
            <label htmlFor="workflow-initial">Initial state</label>
            <input id="workflow-initial" value={toInput(states.initial)} onChange={(e) => update(['states', 'initial'], e.target.value)} />
            {issueFor('states.initial')}
          </div>
          <datalist id="workflow-member-ids">
            {memberIds.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <ol className="transitions" aria-label="Transitions">
            {transitions.map((transition, t) => (
              <li key={t} className="field-row transition-row" data-transition={t}>
                <div className="field">
                  <label htmlFor={`workflow-t${t}-on`}>On the answer of</label>
                  <input
                    id={`workflow-t${t}-on`}
                    list="workflow-member-ids"
                    value={toInput(transition.on)}
                    onChange={(e) => update(['states', 'transitions', t, 'on'], e.target.value)}
                  />
                  {issueFor(`states.transitions[${t}].on`)}
                </div>
                <div className="field">
                  <label htmlFor={`workflow-t${t}-from`}>From</label>
                  <ListInput
                    id={`workflow-t${t}-from`}
                    single
                    value={transition.from}
                    placeholder="* (any)"
                    onChange={(from) => update(['states', 'transitions', t, 'from'], from)}
                  />
                  {issueFor(`states.transitions[${t}].from`)}
                </div>
                <div className="field">
                  <label htmlFor={`workflow-t${t}-to`}>To</label>
                  <input id={`workflow-t${t}-to`} value={toInput(transition.to)} onChange={(e) => update(['states', 'transitions', t, 'to'], e.target.value)} />
                  {issueFor(`states.transitions[${t}].to`)}
                </div>
                {transition.when !== undefined && <p className="muted">only when its condition matches (YAML tab)</p>}
                <button
                  type="button"
                  aria-label={`Remove transition ${t + 1}`}
                  onClick={() => {
                    update(
                      ['states', 'transitions'],
                      transitions.filter((_, i) => i !== t),
                    );
                    restart();
                  }}
                >
                  Remove
                </button>
                {issueFor(`states.transitions[${t}].when`)}
                {issueFor(`states.transitions[${t}]`)}
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => update(['states', 'transitions', transitions.length], blank(transitions.at(-1)?.to))}>
            Add transition
          </button>
          {issueFor('states.transitions')}
          {issueFor('states')}
        </>
      )}
    </fieldset>
  );
}
