import { useState } from 'react';
import { toInput } from './draft.ts';

type Pairs = Record<string, unknown>;
interface Row {
  readonly key: number;
  readonly name: string;
  readonly value: string;
}

/** A value as typed: JSON when it looks like an object or list (a predicate like `{ "regex": "^a" }`), else text. */
function parseValue(text: string): unknown {
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

let nextKey = 0;

/** Name/value rows for headers and query predicates; rows without a name are kept on screen but not in the config. */
export function PairsEditor({
  label,
  value,
  onChange,
  valueHint,
}: {
  label: string;
  value: Pairs | undefined;
  onChange: (value: Pairs | undefined) => void;
  valueHint?: string;
}) {
  const [rows, setRows] = useState<Row[]>(() => Object.entries(value ?? {}).map(([name, v]) => ({ key: nextKey++, name, value: toInput(v) })));
  const update = (next: Row[]) => {
    setRows(next);
    const named = next.filter((row) => row.name.trim() !== '');
    onChange(named.length === 0 ? undefined : Object.fromEntries(named.map((row) => [row.name.trim(), parseValue(row.value)])));
  };
  return (
    <div className="pairs" role="group" aria-label={label}>
      <span className="pairs-title">{label}</span>
      {rows.map((row, i) => (
        <div className="pair" key={row.key}>
          <input
            aria-label={`${label} ${i + 1} name`}
            placeholder="name"
            value={row.name}
            onChange={(e) => update(rows.map((r) => (r.key === row.key ? { ...r, name: e.target.value } : r)))}
          />
          <input
            aria-label={`${label} ${i + 1} value`}
            placeholder={valueHint ?? 'value'}
            value={row.value}
            onChange={(e) => update(rows.map((r) => (r.key === row.key ? { ...r, value: e.target.value } : r)))}
          />
          <button type="button" aria-label={`Remove ${label} ${i + 1}`} onClick={() => update(rows.filter((r) => r.key !== row.key))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => setRows([...rows, { key: nextKey++, name: '', value: '' }])}>
        + {label.toLowerCase()}
      </button>
    </div>
  );
}
