import type { ReactNode } from 'react';
import { fromInput, setAt, toInput, type Draft } from './draft.ts';
import { ResponseEditor } from './response-editor.tsx';
import { SequenceEditor } from './sequence-editor.tsx';

const percent = (weight: unknown, total: number) =>
  typeof weight === 'number' && total > 0 ? `${((weight / total) * 100).toFixed(1).replace(/\.0$/, '')}%` : '–';

/** The Response block: one response, weighted variants or a sequence, and the buttons that turn one into another. */
export function ResponseSection({
  draft,
  update,
  setDraft,
  restart,
  issueFor,
}: {
  draft: Draft;
  update: (path: readonly (string | number)[], value: unknown) => void;
  /** Replaces the draft (a change of shape), without marking it touched. */
  setDraft: (change: (previous: Draft) => Draft) => void;
  /** The inputs start over from the draft (rows moved or replaced). */
  restart: () => void;
  issueFor: (path: string) => ReactNode;
}) {
  const sequence = draft.sequence as Draft | undefined;
  const variants = draft.variants as Draft[] | undefined;
  const totalWeight = (variants ?? []).reduce((sum, variant) => sum + (typeof variant.weight === 'number' ? variant.weight : 0), 0);
  const otherBodies = ['crud', 'responses'].filter((key) => draft[key] !== undefined);
  return (
    <fieldset className="editor-block">
      <legend>Response</legend>
      {otherBodies.length > 0 && <p className="muted">This endpoint also answers with {otherBodies.join(', ')}: edit those in the YAML tab.</p>}
      {sequence ? (
        <>
          <SequenceEditor sequence={sequence} onChange={(next) => update(['sequence'], next)} onRestart={restart} issueFor={issueFor} />
          <button
            type="button"
            onClick={() => {
              const first = Array.isArray(sequence.responses) ? (sequence.responses[0] as Draft | undefined) : undefined;
              setDraft((previous) => setAt(setAt(previous, ['sequence'], undefined), ['response'], first ?? { status: 200 }));
              restart();
            }}
          >
            Use one response
          </button>
        </>
      ) : variants ? (
        <>
          {variants.map((variant, i) => (
            <div className="variant" key={i} data-variant={i}>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`variant-${i}-weight`}>Variant {i + 1} weight</label>
                  <input
                    id={`variant-${i}-weight`}
                    inputMode="decimal"
                    value={toInput(variant.weight)}
                    onChange={(e) => update(['variants', i, 'weight'], fromInput(e.target.value))}
                  />
                  {issueFor(`variants[${i}].weight`)}
                </div>
                <p className="share" data-share={i}>
                  {percent(variant.weight, totalWeight)}
                </p>
                <button
                  type="button"
                  disabled={variants.length === 1}
                  onClick={() => {
                    // The variants after it move up: their inputs start over from the draft.
                    update(
                      ['variants'],
                      variants.filter((_, j) => j !== i),
                    );
                    restart();
                  }}
                >
                  Remove variant {i + 1}
                </button>
              </div>
              <ResponseEditor
                label={`Variant ${i + 1}`}
                response={(variant.response as Draft | undefined) ?? {}}
                onChange={(response) => update(['variants', i, 'response'], response)}
                issueFor={issueFor}
                issuePrefix={`variants[${i}].response`}
              />
            </div>
          ))}
          <div className="actions">
            <button type="button" onClick={() => update(['variants'], [...variants, { weight: 1, response: { status: 200, body: '' } }])}>
              Add variant
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft((previous) =>
                  setAt(setAt(previous, ['variants'], undefined), ['response'], (variants[0]?.response as Draft | undefined) ?? { status: 200 }),
                );
                restart();
              }}
            >
              Use one response
            </button>
          </div>
          {issueFor('variants')}
        </>
      ) : (
        <>
          <ResponseEditor
            label="Response"
            response={(draft.response as Draft | undefined) ?? {}}
            onChange={(response) => update(['response'], response)}
            issueFor={issueFor}
            issuePrefix="response"
          />
          {!otherBodies.length && (
            <button
              type="button"
              onClick={() => {
                setDraft((previous) =>
                  setAt(
                    setAt(previous, ['response'], undefined),
                    ['variants'],
                    [
                      { weight: 1, response: previous.response ?? { status: 200 } },
                      { weight: 1, response: { status: 500, body: '' } },
                    ],
                  ),
                );
                restart();
              }}
            >
              Split into weighted variants
            </button>
          )}
          {!otherBodies.length && (
            <button
              type="button"
              onClick={() => {
                setDraft((previous) =>
                  setAt(setAt(previous, ['response'], undefined), ['sequence'], {
                    responses: [previous.response ?? { status: 200 }, { status: 200, body: '' }],
                    after: 'last',
                  }),
                );
                restart();
              }}
            >
              Answer in sequence
            </button>
          )}
        </>
      )}
    </fieldset>
  );
}
