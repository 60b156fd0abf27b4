import type { ReactNode } from 'react';
import { formatPath } from '../../../src/config/issue-path.ts';
import { fromInput, getAt, toInput, type Draft } from '../editor/draft.ts';

type Path = readonly (string | number)[];

/** What every block of the upstream form is given: the draft, a way to change one path, and the issues under a field. */
export interface BlockProps {
  readonly draft: Draft;
  readonly update: (path: Path, value: unknown) => void;
  readonly issueFor: (path: string) => ReactNode;
}

/** The input id of a config path: `upstream-health-outlier-baseEjection`. */
export const inputId = (path: Path): string => `upstream-${formatPath(path).replace(/[^A-Za-z0-9]+/g, '-')}`;

/**
 * One config value as a labelled input, with its issues under it. Text is kept as typed (an empty
 * field removes the key); `numeric` turns digits into a number and leaves anything else as text,
 * so the server's issue names it instead of the form guessing.
 */
export function DraftField({
  label,
  path,
  draft,
  update,
  issueFor,
  numeric = false,
  placeholder,
  grow = false,
}: BlockProps & { label: string; path: Path; numeric?: boolean; placeholder?: string; grow?: boolean }) {
  const id = inputId(path);
  return (
    <div className={grow ? 'field grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={toInput(getAt(draft, path))}
        placeholder={placeholder}
        inputMode={numeric ? 'decimal' : undefined}
        onChange={(e) => update(path, numeric ? fromInput(e.target.value) : e.target.value === '' ? undefined : e.target.value)}
      />
      {issueFor(formatPath(path))}
    </div>
  );
}
