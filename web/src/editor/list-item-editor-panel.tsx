import type { ReactNode } from 'react';
import type { DraftIssue } from './draft-issues.ts';
import { EditorTabs, type EditorTab } from './editor-tabs.tsx';
import { IssueText } from './issue-line.tsx';

/** What the panel shows of an editor's state; the editor owns the state and the save. */
export interface ListItemEditorPanelProps {
  /** The kind of item, for class names, ids and labels ("upstream", "workflow"). */
  readonly kind: string;
  readonly title: string;
  readonly saveLabel: string;
  readonly saving: boolean;
  readonly onSave: () => void;
  readonly onCancel: () => void;
  readonly message: string;
  readonly onMessage: (message: string) => void;
  /** Whether the draft has been edited: the validity line stays empty until then. */
  readonly touched: boolean;
  readonly checking: boolean;
  readonly problemCount: number;
  readonly notice: string | undefined;
  readonly tab: EditorTab;
  readonly onTab: (tab: EditorTab) => void;
  /** Issues not shown under a field of the form. */
  readonly general: readonly DraftIssue[];
  readonly form: ReactNode;
  readonly yaml: ReactNode;
}

/**
 * The frame an editor of one config list item (an upstream, a workflow) shows its form and YAML in:
 * title, change message, save and cancel, the validity line, the tab bar, the issues no field
 * shows, then the form, the YAML or both side by side.
 */
export function ListItemEditorPanel(props: ListItemEditorPanelProps) {
  const { kind, problemCount, checking, touched, notice, general, form, yaml, tab } = props;
  const titleId = `${kind}-editor-title`;
  return (
    <div className={`panel ${kind}-editor editor`} aria-labelledby={titleId} role="region">
      <h2 id={titleId}>{props.title}</h2>
      <div className="save-bar">
        <label className="grow">
          Change message
          <input value={props.message} placeholder="why (recorded with the version)" onChange={(e) => props.onMessage(e.target.value)} />
        </label>
        <button type="button" className="primary" disabled={props.saving} onClick={props.onSave}>
          {props.saveLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <p className={problemCount > 0 ? 'issue' : checking ? 'muted' : 'notice'} data-validity>
          {!touched ? '' : problemCount > 0 ? `${problemCount} ${problemCount === 1 ? 'issue' : 'issues'}` : checking ? 'checking…' : '✓ valid'}
        </p>
        {notice && (
          <p className="issue" role="status">
            {notice}
          </p>
        )}
      </div>
      <EditorTabs tab={tab} onChange={props.onTab} />
      {general.length > 0 && (
        <ul className="issues" role="alert" aria-label={`${kind[0]!.toUpperCase()}${kind.slice(1)} issues`}>
          {general.map((issue, i) => (
            <li key={i} className="issue">
              <IssueText issue={issue} />
            </li>
          ))}
        </ul>
      )}
      {tab === 'yaml' ? (
        yaml
      ) : tab === 'split' ? (
        <div className="editor-split">
          {form}
          {yaml}
        </div>
      ) : (
        form
      )}
    </div>
  );
}
