import type { ReactNode } from 'react';
import { fromInput, toInput, type Draft } from './draft.ts';
import { PairsEditor } from './pairs-editor.tsx';

type Path = readonly (string | number)[];

/** The fault kinds of `$defs.Fault`, with what each does and the fields a new one starts with. */
const KINDS = {
  status: { says: 'answers with this status instead', start: { status: 503 } },
  'error-in-payload': { says: 'answers 2xx with an error in the body', start: { kind: 'error-in-payload', json: { error: 'simulated failure' } } },
  corrupt: { says: 'damages the body it sends', start: { kind: 'corrupt', truncate: 0.5 } },
  reset: { says: 'drops the connection without an answer', start: { kind: 'reset' } },
  empty: { says: 'answers with an empty body', start: { kind: 'empty' } },
  hang: { says: 'never answers (or only after max)', start: { kind: 'hang' } },
  dribble: { says: 'sends the body in chunks over a duration', start: { kind: 'dribble', chunks: 10, over: '5s' } },
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];

/** How `corrupt` damages the body: exactly one of these keys. */
const CORRUPTIONS = {
  truncate: { label: 'truncate (keep a fraction)', start: 0.5 },
  replace: { label: 'replace text', start: { find: '"', with: "'" } },
  garbage: { label: 'random bytes instead', start: 64 },
  invalidJson: { label: 'break the JSON syntax', start: true },
} as const;
type Corruption = keyof typeof CORRUPTIONS;
const CORRUPTION_NAMES = Object.keys(CORRUPTIONS) as Corruption[];

const kindOf = (fault: Draft): Kind => (typeof fault.kind === 'string' && fault.kind in KINDS ? (fault.kind as Kind) : 'status');
const corruptionOf = (fault: Draft): Corruption => CORRUPTION_NAMES.find((name) => fault[name] !== undefined) ?? 'truncate';
const percentOf = (fraction: unknown) => (typeof fraction === 'number' ? `${(fraction * 100).toFixed(1).replace(/\.0$/, '')}%` : '');

/** JSON typed in a box: applied when it parses; otherwise kept as text so the check names the problem. */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `errors`: every fault kind of the schema with its rate (a probability, shown as % of requests) and its
 * own fields. `update` takes a path inside the endpoint; `onRestart` re-mounts inputs that keep their own
 * text (after a fault is removed or changes kind, the ones after it move).
 */
export function FaultsEditor({
  faults,
  update,
  onRestart,
  issueFor,
}: {
  faults: readonly Draft[];
  update: (path: Path, value: unknown) => void;
  onRestart: () => void;
  issueFor: (path: string) => ReactNode;
}) {
  const replaceFault = (i: number, next: Draft) => {
    update(
      ['errors'],
      faults.map((fault, j) => (j === i ? next : fault)),
    );
    onRestart();
  };
  const total = faults.reduce((sum, fault) => sum + (typeof fault.rate === 'number' ? fault.rate : 0), 0);
  return (
    <fieldset className="editor-block faults">
      <legend>Errors</legend>
      {faults.length === 0 && <p className="muted">No faults: every request gets its response.</p>}
      {faults.length > 0 && (
        <p className="share" data-fault-total>
          {percentOf(total)} of requests fail, {percentOf(Math.max(0, 1 - total))} are answered normally
        </p>
      )}
      {faults.map((fault, i) => {
        const kind = kindOf(fault);
        const n = i + 1;
        return (
          <div className="fault" key={i} data-fault={i} data-kind={kind}>
            <div className="field-row">
              <label>
                Fault {n} kind
                <select value={kind} onChange={(e) => replaceFault(i, { rate: fault.rate ?? 0.05, ...KINDS[e.target.value as Kind].start })}>
                  {KIND_NAMES.map((name) => (
                    <option key={name}>{name}</option>
                  ))}
                </select>
              </label>
              <label>
                Fault {n} rate
                <input
                  value={toInput(fault.rate)}
                  inputMode="decimal"
                  placeholder="0.05"
                  onChange={(e) => update(['errors', i, 'rate'], fromInput(e.target.value))}
                />
              </label>
              <p className="share" data-fault-share={i}>
                {typeof fault.rate === 'number' ? `${percentOf(fault.rate)} of requests` : ''}
              </p>
              <button
                type="button"
                onClick={() => {
                  update(['errors'], faults.length === 1 ? undefined : faults.filter((_, j) => j !== i));
                  onRestart();
                }}
              >
                Remove fault {n}
              </button>
            </div>
            <p className="muted">{KINDS[kind].says}</p>
            <FaultFields fault={fault} n={n} at={['errors', i]} update={update} onReplace={(next) => replaceFault(i, next)} />
            {issueFor(`errors[${i}]`)}
          </div>
        );
      })}
      {total > 1 && <p className="issue">The rates add up to {percentOf(total)}: at most one fault applies per request, so they may add up to 100% at most.</p>}
      <div className="actions">
        <label>
          Add a fault
          <select
            value=""
            aria-label="Add a fault"
            onChange={(e) => {
              const kind = e.target.value as Kind;
              if (kind in KINDS) update(['errors'], [...faults, { rate: 0.05, ...KINDS[kind].start }]);
            }}
          >
            <option value="">choose a kind…</option>
            {KIND_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {issueFor('errors')}
    </fieldset>
  );
}

function FaultFields({
  fault,
  n,
  at,
  update,
  onReplace,
}: {
  fault: Draft;
  n: number;
  at: Path;
  update: (path: Path, value: unknown) => void;
  onReplace: (next: Draft) => void;
}) {
  const kind = kindOf(fault);
  const set = (key: string | Path, value: unknown) => update([...at, ...(typeof key === 'string' ? [key] : key)], value);
  switch (kind) {
    case 'status':
    case 'error-in-payload':
      return (
        <>
          <div className="field-row">
            {kind === 'status' && (
              <label>
                Fault {n} status
                <input value={toInput(fault.status)} inputMode="numeric" placeholder="503" onChange={(e) => set('status', fromInput(e.target.value))} />
              </label>
            )}
            <label className="grow">
              Fault {n} body
              <input
                value={typeof fault.body === 'string' ? fault.body : ''}
                placeholder="text body"
                onChange={(e) => set('body', e.target.value === '' ? undefined : e.target.value)}
              />
            </label>
            <label className="grow">
              Fault {n} JSON body
              <input
                defaultValue={fault.json === undefined ? '' : JSON.stringify(fault.json)}
                placeholder='{ "error": "…" }'
                onChange={(e) => set('json', parseJson(e.target.value))}
              />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={fault.template === true} onChange={(e) => set('template', e.target.checked ? true : undefined)} />
              Fault {n} body is a template
            </label>
          </div>
          <PairsEditor label={`Fault ${n} headers`} value={fault.headers as Draft | undefined} onChange={(value) => set('headers', value)} />
        </>
      );
    case 'corrupt': {
      const mode = corruptionOf(fault);
      const replace = (fault.replace as Draft | undefined) ?? {};
      return (
        <div className="field-row">
          <label>
            Fault {n} corruption
            <select
              value={mode}
              onChange={(e) => onReplace({ rate: fault.rate, kind: 'corrupt', [e.target.value]: CORRUPTIONS[e.target.value as Corruption].start })}
            >
              {CORRUPTION_NAMES.map((name) => (
                <option key={name} value={name}>
                  {CORRUPTIONS[name].label}
                </option>
              ))}
            </select>
          </label>
          {mode === 'truncate' && (
            <>
              <label>
                Fault {n} keep fraction
                <input value={toInput(fault.truncate)} inputMode="decimal" placeholder="0.5" onChange={(e) => set('truncate', fromInput(e.target.value))} />
              </label>
              <p className="share">{typeof fault.truncate === 'number' ? `keeps ${percentOf(fault.truncate)} of the body` : ''}</p>
            </>
          )}
          {mode === 'replace' && (
            <>
              <label>
                Fault {n} find
                <input value={toInput(replace.find)} onChange={(e) => set('replace', { ...replace, find: e.target.value })} />
              </label>
              <label>
                Fault {n} replace with
                <input value={toInput(replace.with)} onChange={(e) => set('replace', { ...replace, with: e.target.value })} />
              </label>
            </>
          )}
          {mode === 'garbage' && (
            <label>
              Fault {n} garbage bytes
              <input value={toInput(fault.garbage)} inputMode="numeric" placeholder="64" onChange={(e) => set('garbage', fromInput(e.target.value))} />
            </label>
          )}
        </div>
      );
    }
    case 'hang':
      return (
        <div className="field-row">
          <label>
            Fault {n} max
            <input value={toInput(fault.max)} placeholder="forever, or e.g. 30s" onChange={(e) => set('max', fromInput(e.target.value))} />
          </label>
        </div>
      );
    case 'dribble':
      return (
        <div className="field-row">
          <label>
            Fault {n} chunks
            <input value={toInput(fault.chunks)} inputMode="numeric" placeholder="10" onChange={(e) => set('chunks', fromInput(e.target.value))} />
          </label>
          <label>
            Fault {n} over
            <input value={toInput(fault.over)} placeholder="5s" onChange={(e) => set('over', fromInput(e.target.value))} />
          </label>
        </div>
      );
    default:
      return null;
  }
}
