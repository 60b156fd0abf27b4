import type { ReactNode } from 'react';
import { toInput, type Draft } from './draft.ts';
import { PairsEditor } from './pairs-editor.tsx';

const SCOPES = ['global', 'session', 'client', 'endpoint'] as const;

/** Keys typed as a comma-separated list; none is undefined (the schema wants at least one). */
const keysOf = (text: string): string[] | undefined => {
  const keys = text
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  return keys.length > 0 ? keys : undefined;
};

/** `state`: the scope, and the keys set (with their ttl), incremented and deleted after the endpoint answers. */
export function StateActionsEditor({
  state,
  onChange,
  issueFor,
}: {
  state: Draft | undefined;
  onChange: (key: string, value: unknown) => void;
  issueFor: (path: string) => ReactNode;
}) {
  const inc = state?.inc;
  return (
    <fieldset className="editor-block">
      <legend>State actions</legend>
      <div className="field-row">
        <label>
          State scope
          <select value={typeof state?.scope === 'string' ? state.scope : ''} onChange={(e) => onChange('scope', e.target.value || undefined)}>
            <option value="">default (the config's)</option>
            {SCOPES.map((scope) => (
              <option key={scope}>{scope}</option>
            ))}
          </select>
        </label>
      </div>
      <PairsEditor
        label="Set state"
        valueHint="value ({{ }} renders a template)"
        value={state?.set as Draft | undefined}
        onChange={(value) => onChange('set', value)}
      />
      <div className="field-row">
        <label>
          Set keys expire after
          <input
            defaultValue={state?.ttl === undefined ? '' : String(state.ttl)}
            placeholder="never (e.g. 30m)"
            onChange={(e) =>
              onChange(
                'ttl',
                e.target.value.trim() === '' ? undefined : /^\d+(\.\d+)?$/.test(e.target.value.trim()) ? Number(e.target.value) : e.target.value.trim(),
              )
            }
          />
        </label>
      </div>
      <div className="field-row">
        {inc === undefined || Array.isArray(inc) ? (
          <label className="grow">
            Increment keys
            <input
              defaultValue={Array.isArray(inc) ? inc.join(', ') : ''}
              placeholder="e.g. visits, cart.count"
              onChange={(e) => onChange('inc', keysOf(e.target.value))}
            />
          </label>
        ) : (
          <p className="muted">Increments by amount: {toInput(inc)} (edit in the YAML tab)</p>
        )}
        <label className="grow">
          Delete keys
          <input
            defaultValue={Array.isArray(state?.delete) ? state.delete.join(', ') : ''}
            placeholder="e.g. token"
            onChange={(e) => onChange('delete', keysOf(e.target.value))}
          />
        </label>
      </div>
      {issueFor('state')}
    </fieldset>
  );
}
