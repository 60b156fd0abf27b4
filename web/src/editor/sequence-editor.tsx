import type { ReactNode } from 'react';
import type { Draft } from './draft.ts';
import { ResponseEditor } from './response-editor.tsx';

const AFTER = [
  { value: 'last', text: 'repeat the last response' },
  { value: 'cycle', text: 'start again from the first' },
  { value: '404', text: 'answer 404' },
] as const;

/**
 * `sequence`: responses answered in order, one per request, and what comes once all were served
 * (`after`). `onRestart` is called when rows move up, so their inputs start over from the draft.
 */
export function SequenceEditor({
  sequence,
  onChange,
  onRestart,
  issueFor,
}: {
  sequence: Draft;
  onChange: (sequence: Draft) => void;
  onRestart: () => void;
  issueFor: (path: string) => ReactNode;
}) {
  const responses = (Array.isArray(sequence.responses) ? sequence.responses : []) as Draft[];
  const setResponses = (next: Draft[]) => onChange({ ...sequence, responses: next });
  return (
    <div className="sequence">
      <p className="muted">Answered in order, one per request.</p>
      <ol className="sequence-list">
        {responses.map((response, i) => (
          <li key={i} className="variant" data-step={i}>
            <ResponseEditor
              label={`Step ${i + 1}`}
              response={response}
              onChange={(next) => setResponses(responses.map((r, j) => (j === i ? next : r)))}
              issueFor={issueFor}
              issuePrefix={`sequence.responses[${i}]`}
            />
            <button
              type="button"
              disabled={responses.length === 1}
              onClick={() => {
                setResponses(responses.filter((_, j) => j !== i));
                onRestart();
              }}
            >
              Remove step {i + 1}
            </button>
          </li>
        ))}
      </ol>
      <div className="actions field-row">
        <button type="button" onClick={() => setResponses([...responses, { status: 200, body: '' }])}>
          Add step
        </button>
        <label>
          Then
          <select value={typeof sequence.after === 'string' ? sequence.after : 'last'} onChange={(e) => onChange({ ...sequence, after: e.target.value })}>
            {AFTER.map((option) => (
              <option key={option.value} value={option.value}>
                {option.text}
              </option>
            ))}
          </select>
        </label>
      </div>
      {issueFor('sequence')}
    </div>
  );
}
