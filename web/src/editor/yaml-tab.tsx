import { useEffect, useState } from 'react';
import { parse, stringify } from 'yaml';
import type { DraftIssue } from './draft-issues.ts';
import type { Draft } from './draft.ts';
import { IssueText } from './issue-line.tsx';

/**
 * The whole endpoint as YAML: applied to the form whenever it parses to an object, and following
 * the form's edits when both are on screen (side by side). The form's issues are listed here by
 * path, since the fields they would sit under may not be on screen.
 */
export function YamlTab({
  draft,
  issues,
  onChange,
  subject = 'endpoint',
}: {
  draft: Draft;
  issues: readonly DraftIssue[];
  onChange: (draft: Draft) => void;
  /** What the text is (the workflow and upstream editors show theirs here too). */
  subject?: 'endpoint' | 'workflow' | 'upstream';
}) {
  const [text, setText] = useState(() => stringify(draft));
  const [error, setError] = useState<string | undefined>();
  // Side by side, the form changes the draft too: show its edit, unless the text is what the user
  // is typing (it parses to this very draft) or does not parse yet (their edit is not lost).
  useEffect(() => {
    setText((current) => {
      let shown: unknown;
      try {
        shown = parse(current);
      } catch {
        return current;
      }
      return JSON.stringify(shown) === JSON.stringify(draft) ? current : stringify(draft);
    });
  }, [draft]);
  const edit = (next: string) => {
    setText(next);
    try {
      const value: unknown = parse(next);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return setError(`expected a mapping (the ${subject})`);
      setError(undefined);
      onChange(value as Draft);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <div className="field yaml-tab">
      <label htmlFor={`${subject}-yaml`}>The {subject} as YAML</label>
      <textarea id={`${subject}-yaml`} rows={24} value={text} onChange={(e) => edit(e.target.value)} spellCheck={false} />
      {error && <p className="issue">YAML: {error}</p>}
      {issues.length > 0 && (
        <ul className="issues" aria-label={`Issues in this ${subject}`}>
          {issues.map((issue, i) => (
            <li key={i} className="issue" data-path={issue.path}>
              <IssueText issue={issue} />
            </li>
          ))}
        </ul>
      )}
      <p className="muted">Every edit that parses applies to the form and is validated as you type.</p>
    </div>
  );
}
