import { useId, useState } from 'react';
import { expiresIn, parseJson, showValue, type StateEntry } from './state-entries.ts';

/** Why an entry other than a variable is shown read-only. */
const KIND_NOTES: Record<StateEntry['kind'], string> = {
  var: '',
  seq: 'sequence counter',
  crud: 'collection bookkeeping',
  wf: 'workflow state',
};

/** One state entry; a variable can be edited (its value as JSON, checked as you type) or deleted. */
export function VariableRow({
  entry,
  onSave,
  onDelete,
}: {
  entry: StateEntry;
  /** Resolves with whether the value was stored: a refused edit stays open to be fixed. */
  onSave: (value: unknown) => Promise<boolean>;
  onDelete: () => Promise<unknown>;
}) {
  const [editing, setEditing] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const issueId = useId();
  const parsed = editing === undefined ? undefined : parseJson(editing);
  const label = `${entry.scope} ${entry.name}`;
  return (
    <tr data-key={entry.name} data-kind={entry.kind}>
      <td className="path">{entry.name}</td>
      <td>
        <span className="badge">{entry.kind}</span>
      </td>
      <td>
        {editing === undefined ? (
          <code className="state-value">{showValue(entry.value)}</code>
        ) : (
          <div className={parsed?.ok === false ? 'field invalid' : 'field'}>
            <textarea
              aria-label={`Value of ${label}`}
              aria-invalid={parsed?.ok === false}
              aria-describedby={parsed?.ok === false ? issueId : undefined}
              rows={Math.min(8, editing.split('\n').length + 1)}
              value={editing}
              onChange={(e) => setEditing(e.target.value)}
            />
            {parsed?.ok === false && (
              <p className="issue" id={issueId}>
                Not JSON: {parsed.message}
              </p>
            )}
          </div>
        )}
      </td>
      <td data-expires={entry.expiresAt ?? 'never'} title={entry.expiresAt === undefined ? 'kept until deleted' : new Date(entry.expiresAt).toLocaleString()}>
        {expiresIn(entry.expiresAt, Date.now())}
      </td>
      <td>
        <div className="row-actions">
          {entry.kind === 'seq' && typeof entry.value === 'number' ? (
            <span className="muted" data-next-value>
              {sequenceNote(entry.value)}
            </span>
          ) : entry.kind !== 'var' ? (
            <span className="muted">{KIND_NOTES[entry.kind]}</span>
          ) : editing !== undefined ? (
            <>
              <button
                type="button"
                className="primary"
                disabled={!parsed?.ok}
                onClick={() => {
                  if (parsed?.ok) void onSave(parsed.value).then((ok) => ok && setEditing(undefined));
                }}
              >
                Save
              </button>
              <button type="button" onClick={() => setEditing(undefined)}>
                Cancel
              </button>
            </>
          ) : confirming ? (
            <>
              <button type="button" className="danger" onClick={() => void onDelete()}>
                Confirm delete
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <>
              <button type="button" aria-label={`Edit ${label}`} onClick={() => setEditing(JSON.stringify(entry.value, null, 2))}>
                Edit
              </button>
              <button type="button" aria-label={`Delete ${label}`} onClick={() => setConfirming(true)}>
                Delete
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

/**
 * A sequence counter stores how many values it has issued; `{{sequence "x" start=N}}` answers
 * N - 1 + count, so the next request gets `start + count` (count + 1 with the default start of 1).
 */
export function sequenceNote(issued: number): string {
  return `issued ${issued}; next ${issued + 1} (start + ${issued} with start=N)`;
}
