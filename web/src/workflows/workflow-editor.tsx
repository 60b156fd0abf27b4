import { useState } from 'react';
import { parse, stringify } from 'yaml';
import type { AdminClient } from '../api/admin-client.ts';
import type { Workflow } from './workflow-members.ts';

/** What a new workflow starts as: every key a first workflow needs, to be filled in. */
const STARTER = `id: checkout
endpoints: []            # endpoint ids, or match: { pathPrefix: /api/cart }
# overrides: { latency: { fixed: 50ms } }
# rateLimit: { rate: 20/s }
# states:
#   initial: browsing
#   transitions:
#     - { on: add-to-cart, from: browsing, to: carted }
`;

/**
 * Creates (`POST /api/workflows`) or replaces (`PUT /api/workflows/{id}`) a workflow written as
 * YAML, the way the config file writes it; the server's issues are listed by path, and nothing is
 * applied while there are any.
 */
export function WorkflowEditor({ client, workflow, onDone }: { client: AdminClient; workflow: Workflow | undefined; onDone: (saved: boolean) => void }) {
  const [text, setText] = useState(() => (workflow ? stringify(workflow) : STARTER));
  const [issues, setIssues] = useState<readonly string[]>([]);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    let value: unknown;
    try {
      value = parse(text);
    } catch (error) {
      return setIssues([`YAML: ${(error as Error).message}`]);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return setIssues(['expected a mapping (the workflow)']);
    setSaving(true);
    const result = workflow
      ? await client.send('PUT', `/api/workflows/${encodeURIComponent(workflow.id)}`, value)
      : await client.send('POST', '/api/workflows', value);
    setSaving(false);
    if (result.ok) return onDone(true);
    const listed = (result.problem as { issues?: { path?: string; message: string }[] }).issues;
    setIssues(
      listed && listed.length > 0
        ? listed.map((issue) => `${issue.path ? `${issue.path}: ` : ''}${issue.message}`)
        : [result.problem.detail ?? result.problem.title],
    );
  };
  const label = workflow ? `Workflow ${workflow.id} as YAML` : 'New workflow as YAML';
  return (
    <div className="panel workflow-editor">
      <h2>{workflow ? `Edit ${workflow.id}` : 'New workflow'}</h2>
      <label className="field">
        {label}
        <textarea rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      {issues.length > 0 && (
        <ul className="issues" role="alert" aria-label="Workflow issues">
          {issues.map((issue, i) => (
            <li key={i} className="issue">
              {issue}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={saving} onClick={() => void save()}>
          {workflow ? 'Save workflow' : 'Create workflow'}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
