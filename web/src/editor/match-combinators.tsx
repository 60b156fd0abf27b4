import { useId, useState } from 'react';
import { isObject, type Draft } from './draft.ts';
import { useFormProblem } from './form-problems.tsx';

/** The combinator keys of `$defs.RequestMatch`: `all` and `any` hold lists of nested matches, `not` holds one. */
const COMBINATORS = {
  all: 'every one of these must match too',
  any: 'at least one of these must match',
  not: 'this must not match',
} as const;
type Combinator = keyof typeof COMBINATORS;
const COMBINATOR_NAMES = Object.keys(COMBINATORS) as Combinator[];

/** The nested matches under `key` as the form's list, or undefined when their shape is one it cannot edit. */
function nestedOf(match: Draft, key: Combinator): Draft[] | undefined {
  const value = match[key];
  if (value === undefined) return [];
  const list = key === 'not' ? [value] : value;
  return Array.isArray(list) && list.every(isObject) ? list : undefined;
}

/** Combinator keys present in `match` whose value the form cannot show (not a list of objects): those stay in YAML. */
export const uneditableCombinators = (match: Draft): string[] => COMBINATOR_NAMES.filter((key) => nestedOf(match, key) === undefined);

/** The "Combine" section: `all`, `any` and `not` of nested request matches, each typed as JSON. */
export function MatchCombinators({ match, onChange }: { match: Draft; onChange: (key: Combinator, value: unknown) => void }) {
  return (
    <fieldset className="editor-block combinators">
      <legend>Combine</legend>
      <p className="muted">Nested matches, each a JSON object with the same keys as Match, like {'{ "headers": { "x-tier": "gold" } }'}.</p>
      {COMBINATOR_NAMES.map((key) => {
        const nested = nestedOf(match, key);
        if (nested === undefined) return null; // named as YAML-only by the Match block
        return (
          <NestedMatches
            key={key}
            name={key}
            meaning={COMBINATORS[key]}
            single={key === 'not'}
            matches={nested}
            // An empty list is no combinator at all (the schema wants at least one item).
            onChange={(list) => onChange(key, list.length === 0 ? undefined : key === 'not' ? list[0] : list)}
          />
        );
      })}
    </fieldset>
  );
}

interface Item {
  readonly key: number;
  readonly value: Draft;
}

let nextKey = 0;

/** One combinator's nested matches: a JSON field per item, with add and remove buttons. */
function NestedMatches({
  name,
  meaning,
  single,
  matches,
  onChange,
}: {
  name: Combinator;
  meaning: string;
  single: boolean;
  matches: Draft[];
  onChange: (matches: Draft[]) => void;
}) {
  // Keys kept locally so removing an item does not hand its text to the next one.
  const [items, setItems] = useState<Item[]>(() => matches.map((value) => ({ key: nextKey++, value })));
  const update = (next: Item[]) => {
    setItems(next);
    onChange(next.map((item) => item.value));
  };
  const labelOf = (i: number) => (single ? name : `${name} ${i + 1}`);
  return (
    <div className="nested-matches" role="group" aria-label={`${name}: ${meaning}`}>
      <span className="pairs-title">
        <code>{name}</code>: {meaning}
      </span>
      {items.map((item, i) => (
        <div className="field-row" key={item.key}>
          <JsonObjectField
            label={labelOf(i)}
            value={item.value}
            onChange={(value) => update(items.map((other) => (other.key === item.key ? { ...other, value } : other)))}
          />
          <button type="button" aria-label={`Remove ${labelOf(i)}`} onClick={() => update(items.filter((other) => other.key !== item.key))}>
            Remove
          </button>
        </div>
      ))}
      {!(single && items.length > 0) && (
        <button type="button" className="link" onClick={() => update([...items, { key: nextKey++, value: {} }])}>
          + {name}
        </button>
      )}
    </div>
  );
}

/** What is wrong with `text` as a JSON object, or the object. */
function parseObject(text: string): { ok: true; value: Draft } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
  return isObject(value) ? { ok: true, value } : { ok: false, message: 'must be a JSON object ({ … })' };
}

/**
 * A JSON object typed as text, shown pretty-printed. Text that is not a JSON object is named
 * under the field and not passed on, so the draft keeps the last value that was.
 */
export function JsonObjectField({ label, value, onChange }: { label: string; value: Draft; onChange: (value: Draft) => void }) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [problem, setProblem] = useState<string | undefined>();
  useFormProblem(problem === undefined ? undefined : `${label}: ${problem}`);
  const problemId = useId();
  return (
    <div className={`field grow${problem ? ' invalid' : ''}`}>
      <label htmlFor={`${problemId}-text`}>{label}</label>
      <textarea
        id={`${problemId}-text`}
        aria-invalid={problem !== undefined}
        aria-describedby={problem ? problemId : undefined}
        rows={Math.min(12, Math.max(2, text.split('\n').length))}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseObject(e.target.value);
          setProblem(parsed.ok ? undefined : parsed.message);
          if (parsed.ok) onChange(parsed.value);
        }}
      />
      {problem && (
        <p className="issue" role="alert" id={problemId} data-source="form">
          {problem}
        </p>
      )}
    </div>
  );
}
