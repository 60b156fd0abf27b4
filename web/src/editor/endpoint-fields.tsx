import type { ReactNode } from 'react';
import { toInput, type Draft } from './draft.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'];

/** The Endpoint block: id, method, path and the workflow state it answers in. */
export function EndpointFields({
  draft,
  update,
  issueFor,
}: {
  draft: Draft;
  update: (path: readonly (string | number)[], value: unknown) => void;
  issueFor: (path: string) => ReactNode;
}) {
  return (
    <fieldset className="editor-block">
      <legend>Endpoint</legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor="editor-id">Id</label>
          <input id="editor-id" value={toInput(draft.id)} onChange={(e) => update(['id'], e.target.value)} />
          {issueFor('id')}
        </div>
        <div className="field">
          <label htmlFor="editor-method">Method</label>
          <select
            id="editor-method"
            value={typeof draft.method === 'string' ? draft.method : Array.isArray(draft.method) ? '' : '*'}
            onChange={(e) => update(['method'], e.target.value)}
          >
            {Array.isArray(draft.method) && <option value="">{(draft.method as string[]).join(', ')}</option>}
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          {issueFor('method')}
        </div>
        <div className="field grow">
          <label htmlFor="editor-path">Path</label>
          <input id="editor-path" value={toInput(draft.path)} onChange={(e) => update(['path'], e.target.value)} />
          {issueFor('path')}
        </div>
      </div>
      <div className="field">
        <label htmlFor="editor-when-state">Only in workflow state</label>
        <input
          id="editor-when-state"
          value={toInput(draft.whenState)}
          placeholder="any state"
          aria-describedby="editor-when-state-help"
          onChange={(e) => update(['whenState'], e.target.value === '' ? undefined : e.target.value)}
        />
        <p id="editor-when-state-help" className="muted">
          whenState: this endpoint answers only while the caller's workflow is in this state (or one of a list, in the YAML tab).
        </p>
        {issueFor('whenState')}
      </div>
    </fieldset>
  );
}
