import { useState, type ReactNode } from 'react';
import { isObject, type Draft } from './draft.ts';
import { JsonObjectField, MatchCombinators, uneditableCombinators } from './match-combinators.tsx';
import { PairsEditor } from './pairs-editor.tsx';

/** The body predicate forms of `$defs.Predicate` the form edits; the combined ones (all, any, not) stay in YAML. */
const OPERATORS = {
  none: 'any body',
  equals: 'equals',
  contains: 'contains',
  regex: 'matches regex',
  json: 'JSON partial match',
  jsonPath: 'JSONPath selects',
  present: 'is present',
  absent: 'is absent',
  jsonSchema: 'matches JSON Schema',
} as const;
type Operator = keyof typeof OPERATORS;
const OPERATOR_NAMES = Object.keys(OPERATORS) as Operator[];
/** Keys of `match` the form shows; any other is named as YAML-only. */
const FORM_KEYS = ['headers', 'query', 'cookies', 'body', 'state', 'all', 'any', 'not'];
/** A schema to start from: `{}` would accept any JSON body, which is rarely what is meant. */
const STARTING_SCHEMA = { type: 'object' };

/** Which form a body predicate has: undefined is none, a literal is equals; anything else is `other` (YAML only). */
function operatorOf(predicate: unknown): Operator | 'other' {
  if (predicate === undefined) return 'none';
  if (typeof predicate === 'string' || typeof predicate === 'number' || typeof predicate === 'boolean') return 'equals';
  if (!isObject(predicate)) return 'other';
  const keys = Object.keys(predicate);
  const op = OPERATOR_NAMES.find((name) => name !== 'none' && keys.includes(name));
  if (!op) return 'other';
  const allowed: Record<string, string[]> = {
    equals: ['equals', 'caseInsensitive'],
    contains: ['contains', 'caseInsensitive'],
    regex: ['regex', 'flags'],
    json: ['json'],
    jsonPath: ['jsonPath', 'value'],
    present: ['present'],
    absent: ['absent'],
    jsonSchema: ['jsonSchema'],
  };
  if (!keys.every((key) => allowed[op]?.includes(key))) return 'other';
  // `{ present: false }` means absent and `{ absent: false }` present: rare spellings the select does not offer.
  if ((op === 'present' || op === 'absent') && predicate[op] !== true) return 'other';
  return op === 'jsonSchema' && !isObject(predicate.jsonSchema) ? 'other' : op;
}

/** Operators typed as one line of text; present and absent have no operand, and a JSON Schema gets a text area. */
const hasTextOperand = (op: Operator) => op !== 'none' && op !== 'present' && op !== 'absent' && op !== 'jsonSchema';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // the schema check names it
  }
}

const text = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** `match`: header, query and cookie predicates as rows, the body predicate, predicates on state keys, and nested matches combined. */
export function MatchEditor({
  match,
  onChange,
  issueFor,
}: {
  match: Draft;
  onChange: (key: string, value: unknown) => void;
  issueFor: (path: string) => ReactNode;
}) {
  const yamlOnly = [...Object.keys(match).filter((key) => !FORM_KEYS.includes(key)), ...uneditableCombinators(match)];
  return (
    <fieldset className="editor-block">
      <legend>Match</legend>
      <p className="muted">Every given part must match. Values: text (equals), or a predicate as JSON like {'{ "regex": "^a" }'}.</p>
      <PairsEditor
        label="Header predicates"
        valueHint='text, or { "regex": "…" }'
        value={match.headers as Draft | undefined}
        onChange={(value) => onChange('headers', value)}
      />
      <PairsEditor
        label="Query predicates"
        valueHint='text, or { "contains": "…" }'
        value={match.query as Draft | undefined}
        onChange={(value) => onChange('query', value)}
      />
      <PairsEditor
        label="Cookie predicates"
        valueHint='text, or { "present": true }'
        value={match.cookies as Draft | undefined}
        onChange={(value) => onChange('cookies', value)}
      />
      <BodyPredicate predicate={match.body} onChange={(value) => onChange('body', value)} />
      <PairsEditor
        label="State predicates"
        valueHint='value the key must hold, or { "absent": true }'
        value={match.state as Draft | undefined}
        onChange={(value) => onChange('state', value)}
      />
      <MatchCombinators match={match} onChange={onChange} />
      {yamlOnly.length > 0 && <p className="muted">Also matches with {yamlOnly.join(', ')}: edit those in the YAML tab.</p>}
      {issueFor('match')}
    </fieldset>
  );
}

function BodyPredicate({ predicate, onChange }: { predicate: unknown; onChange: (value: unknown) => void }) {
  const found = operatorOf(predicate);
  const [operator, setOperator] = useState<Operator | 'other'>(found);
  const p = (predicate ?? {}) as Draft;
  // The operand as typed, kept locally so half-typed JSON does not jump around.
  const operandOf = (op: Operator | 'other'): string =>
    op === 'equals'
      ? text(typeof predicate === 'object' && predicate !== null ? p.equals : predicate)
      : op === 'contains'
        ? text(p.contains)
        : op === 'regex'
          ? text(p.regex)
          : op === 'json'
            ? text(p.json)
            : op === 'jsonPath'
              ? text(p.jsonPath)
              : '';
  const [operand, setOperand] = useState(() => operandOf(found));
  const [extra, setExtra] = useState(() => (found === 'regex' ? text(p.flags) : found === 'jsonPath' ? text(p.value) : ''));
  const [caseless, setCaseless] = useState(() => p.caseInsensitive === true);

  const build = (op: Operator | 'other', value: string, more: string, ci: boolean): unknown => {
    const withCase = (object: Draft) => (ci ? { ...object, caseInsensitive: true } : object);
    switch (op) {
      case 'none':
        return undefined;
      case 'equals':
        return ci ? withCase({ equals: value }) : value;
      case 'contains':
        return withCase({ contains: value });
      case 'regex':
        return more ? { regex: value, flags: more } : { regex: value };
      case 'json':
        return { json: value.trim() === '' ? {} : parseJson(value) };
      case 'jsonPath':
        return more.trim() ? { jsonPath: value, value: /^\s*[[{"\d]|^(true|false|null)$/.test(more) ? parseJson(more) : more } : { jsonPath: value };
      case 'present':
        return { present: true };
      case 'absent':
        return { absent: true };
      case 'jsonSchema':
        return { jsonSchema: isObject(p.jsonSchema) ? p.jsonSchema : STARTING_SCHEMA };
      default:
        return predicate;
    }
  };
  const apply = (op: Operator | 'other', value: string, more: string, ci: boolean) => {
    setOperator(op);
    setOperand(value);
    setExtra(more);
    setCaseless(ci);
    onChange(build(op, value, more, ci));
  };

  if (operator === 'other')
    return (
      <div className="field-row">
        <p className="muted">
          Body predicate: <code>{JSON.stringify(predicate)}</code> (combined with all / any / not, or otherwise not in this form: edit in the YAML tab)
        </p>
        <button type="button" onClick={() => apply('none', '', '', false)}>
          Clear body predicate
        </button>
      </div>
    );
  return (
    <div className="field-row body-predicate">
      <label>
        Body predicate
        <select value={operator} onChange={(e) => apply(e.target.value as Operator, operator === 'none' ? '' : operand, '', caseless)}>
          {OPERATOR_NAMES.map((name) => (
            <option key={name} value={name}>
              {OPERATORS[name]}
            </option>
          ))}
        </select>
      </label>
      {hasTextOperand(operator) && (
        <label className="grow">
          {operator === 'json'
            ? 'Body JSON (every given field must be equal)'
            : operator === 'jsonPath'
              ? 'Body JSONPath'
              : operator === 'regex'
                ? 'Body regex'
                : `Body ${operator}`}
          <input
            value={operand}
            placeholder={operator === 'json' ? '{ "type": "order" }' : operator === 'jsonPath' ? '$.items[?(@.qty > 1)]' : ''}
            onChange={(e) => apply(operator, e.target.value, extra, caseless)}
          />
        </label>
      )}
      {operator === 'jsonSchema' && (
        <JsonObjectField
          label="Body JSON Schema"
          value={isObject(p.jsonSchema) ? p.jsonSchema : STARTING_SCHEMA}
          onChange={(schema) => onChange({ jsonSchema: schema })}
        />
      )}
      {operator === 'regex' && (
        <label>
          Regex flags
          <input value={extra} placeholder="i, m, s, u" onChange={(e) => apply(operator, operand, e.target.value, caseless)} />
        </label>
      )}
      {operator === 'jsonPath' && (
        <label>
          Selected value equals
          <input value={extra} placeholder="optional: text or JSON" onChange={(e) => apply(operator, operand, e.target.value, caseless)} />
        </label>
      )}
      {(operator === 'equals' || operator === 'contains') && (
        <label className="checkbox">
          <input type="checkbox" checked={caseless} onChange={(e) => apply(operator, operand, extra, e.target.checked)} />
          ignore case
        </label>
      )}
    </div>
  );
}
