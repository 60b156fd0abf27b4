/** How an editor shows its draft: the form, the YAML, or both side by side. */
export type EditorTab = 'form' | 'yaml' | 'split';

const LABELS: Record<EditorTab, string> = { form: 'Form', yaml: 'YAML', split: 'Side by side' };

/** The tab bar the endpoint and workflow editors share. */
export function EditorTabs({ tab, onChange }: { tab: EditorTab; onChange: (tab: EditorTab) => void }) {
  return (
    <div className="tabs" role="tablist">
      {(Object.keys(LABELS) as EditorTab[]).map((name) => (
        <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => onChange(name)}>
          {LABELS[name]}
        </button>
      ))}
    </div>
  );
}
