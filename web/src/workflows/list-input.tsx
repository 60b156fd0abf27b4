import { useState } from 'react';

/** A list as its text: `a, b` (a single item stays a string when `single` says so). */
const toText = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '');

function fromText(text: string, single: boolean): string | string[] | undefined {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) return single ? '' : undefined;
  return single && items.length === 1 ? items[0] : items;
}

/**
 * A comma-separated list typed as text: the text is kept as typed (a trailing comma does not jump
 * back), and the value it means is reported on each edit. `single`: one item is a plain string and
 * an empty text is "" (a field the config requires, so the server names it), else undefined.
 */
export function ListInput({
  id,
  value,
  single = false,
  placeholder,
  list,
  onChange,
}: {
  id: string;
  value: unknown;
  single?: boolean;
  placeholder?: string;
  list?: string;
  onChange: (value: string | string[] | undefined) => void;
}) {
  const [text, setText] = useState(() => toText(value));
  return (
    <input
      id={id}
      value={text}
      placeholder={placeholder}
      list={list}
      onChange={(e) => {
        setText(e.target.value);
        onChange(fromText(e.target.value, single));
      }}
    />
  );
}
