import type { ReactNode } from 'react';
import { fromInput, isObject, toInput, type Draft } from '../editor/draft.ts';
import { ListInput } from './list-input.tsx';

type Update = (path: readonly (string | number)[], value: unknown) => void;

/** The workflow's id, description, members (listed ids, or a path prefix and tags), scope and precedence. */
export function WorkflowFields({
  draft,
  endpointIds,
  isNew,
  update,
  issueFor,
}: {
  draft: Draft;
  endpointIds: readonly string[];
  isNew: boolean;
  update: Update;
  issueFor: (path: string) => ReactNode;
}) {
  const byMatch = draft.match !== undefined;
  const listed = Array.isArray(draft.endpoints) ? (draft.endpoints as unknown[]).map(String) : [];
  // Ids the workflow lists that no endpoint has stay on screen, so they can be unticked.
  const choices = [...endpointIds, ...listed.filter((id) => !endpointIds.includes(id))];
  const match = isObject(draft.match) ? draft.match : {};
  const toggle = (id: string, on: boolean) =>
    update(
      ['endpoints'],
      choices.filter((choice) => (choice === id ? on : listed.includes(choice))),
    );
  return (
    <>
      <fieldset className="editor-block">
        <legend>Workflow</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor="workflow-id">Workflow id</label>
            <input
              id="workflow-id"
              value={toInput(draft.id)}
              readOnly={!isNew}
              aria-describedby={isNew ? undefined : 'workflow-id-help'}
              onChange={(e) => update(['id'], e.target.value)}
            />
            {!isNew && (
              <p id="workflow-id-help" className="muted">
                The id names the workflow in the API and its state: a new one is a new workflow.
              </p>
            )}
            {issueFor('id')}
          </div>
          <div className="field grow">
            <label htmlFor="workflow-description">Description</label>
            <input id="workflow-description" value={toInput(draft.description)} onChange={(e) => update(['description'], e.target.value || undefined)} />
            {issueFor('description')}
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="workflow-scope">State kept per</label>
            <select
              id="workflow-scope"
              value={typeof draft.scope === 'string' ? draft.scope : ''}
              onChange={(e) => update(['scope'], e.target.value || undefined)}
            >
              <option value="">session (default)</option>
              <option value="client">client address</option>
              <option value="global">everyone (global)</option>
            </select>
            {issueFor('scope')}
          </div>
          <div className="field">
            <label htmlFor="workflow-precedence">Precedence</label>
            <input
              id="workflow-precedence"
              inputMode="numeric"
              value={toInput(draft.precedence)}
              onChange={(e) => update(['precedence'], fromInput(e.target.value))}
            />
            {issueFor('precedence')}
          </div>
        </div>
      </fieldset>
      <fieldset className="editor-block">
        <legend>Members</legend>
        <div className="field-row" role="radiogroup" aria-label="Members are chosen">
          <label className="choice">
            <input
              type="radio"
              name="workflow-members"
              checked={!byMatch}
              onChange={() => {
                update(['match'], undefined);
                update(['endpoints'], listed);
              }}
            />{' '}
            listed endpoints
          </label>
          <label className="choice">
            <input
              type="radio"
              name="workflow-members"
              checked={byMatch}
              onChange={() => {
                update(['endpoints'], undefined);
                update(['match'], {});
              }}
            />{' '}
            by path prefix or tags
          </label>
        </div>
        {byMatch ? (
          <div className="field-row">
            <div className="field grow">
              <label htmlFor="workflow-path-prefix">Path prefix</label>
              <input
                id="workflow-path-prefix"
                value={toInput(match.pathPrefix)}
                placeholder="/api/cart"
                onChange={(e) => update(['match', 'pathPrefix'], e.target.value || undefined)}
              />
              {issueFor('match.pathPrefix')}
            </div>
            <div className="field grow">
              <label htmlFor="workflow-tags">Tags</label>
              <ListInput id="workflow-tags" value={match.tags} placeholder="checkout, cart" onChange={(tags) => update(['match', 'tags'], tags)} />
              {issueFor('match.tags')}
            </div>
            {issueFor('match')}
          </div>
        ) : (
          <div className="field">
            <ul className="member-choices" aria-label="Member endpoints">
              {choices.length === 0 && <li className="muted">No endpoints in this config yet.</li>}
              {choices.map((id) => (
                <li key={id}>
                  <label className="choice">
                    <input type="checkbox" checked={listed.includes(id)} onChange={(e) => toggle(id, e.target.checked)} /> {id}
                    {!endpointIds.includes(id) && <span className="muted"> (no such endpoint)</span>}
                  </label>
                </li>
              ))}
            </ul>
            {issueFor('endpoints')}
          </div>
        )}
        {(draft.overrides !== undefined || draft.rateLimit !== undefined) && (
          <p className="muted">Overrides and the shared rate limit are kept as they are; edit them in the YAML tab.</p>
        )}
        {issueFor('overrides')}
        {issueFor('rateLimit')}
      </fieldset>
    </>
  );
}
