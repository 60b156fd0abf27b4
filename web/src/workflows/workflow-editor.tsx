import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { Config, Endpoint as EndpointDefinition } from '../../../src/config/schema.ts';
import type { ConfigCheck } from '../../../src/contract/index.ts';
import { isUnder, type DraftIssue } from '../editor/draft-issues.ts';
import { isObject, setAt, type Draft } from '../editor/draft.ts';
import { IssueLine } from '../editor/issue-line.tsx';
import { useDebounced } from '../editor/use-debounced.ts';
import { YamlTab } from '../editor/yaml-tab.tsx';
import { TransitionsEditor } from './transitions-editor.tsx';
import { WorkflowFields } from './workflow-fields.tsx';
import { issuesOfWorkflow, placesOf } from './workflow-issues.ts';
import { membersOf, type Workflow } from './workflow-members.ts';
import { type EditorTab } from '../editor/editor-tabs.tsx';
import { ListItemEditorPanel } from '../editor/list-item-editor-panel.tsx';

/** What a new workflow starts as: members to tick, no state machine yet. */
const NEW_WORKFLOW: Draft = { id: '', endpoints: [] };

/**
 * Creates (`POST /api/workflows`) or replaces (`PUT /api/workflows/{id}`) a workflow, as a form
 * (members, scope, states and transitions), as YAML, or both side by side. Like the endpoint
 * editor, the whole config with this workflow in it is checked by the server as you type, each
 * issue shown under its field, and a save is one version with its change message.
 */
export function WorkflowEditor({
  client,
  workflow,
  endpoints,
  onDone,
}: {
  client: AdminClient;
  workflow: Workflow | undefined;
  endpoints: readonly EndpointDefinition[];
  onDone: (saved: string | undefined) => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => (workflow ? (structuredClone(workflow) as Draft) : NEW_WORKFLOW));
  const [config, setConfig] = useState<Config | undefined>();
  const [tab, setTab] = useState<EditorTab>('form');
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [checking, setChecking] = useState(true);
  // A new workflow is not wrong yet: its issues wait for the first edit (or a save attempt).
  const [touched, setTouched] = useState(workflow !== undefined);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  // Bumped when the draft is replaced wholesale (YAML tab, a removed row), so inputs holding their own text start over.
  const [formGeneration, setFormGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    void client.get<Config>('/api/config').then((result) => {
      if (current && result.ok) setConfig(result.value);
    });
    return () => {
      current = false;
    };
  }, [client]);

  // Where the draft sits in the config's workflows: its own place, or after the last.
  const index = useMemo(() => {
    const existing = config?.workflows ?? [];
    return workflow
      ? Math.max(
          0,
          existing.findIndex((w) => w.id === workflow.id),
        )
      : existing.length;
  }, [config, workflow]);
  const settled = useDebounced(draft, 300);
  const candidate = useMemo(() => {
    if (!config || settled !== draft) return undefined;
    const workflows: unknown[] = [...(config.workflows ?? [])];
    workflows[index] = settled;
    return { ...config, workflows };
  }, [config, settled, draft, index]);
  useEffect(() => {
    if (!candidate) return;
    let current = true;
    void client.send<ConfigCheck>('POST', '/api/config/validate', candidate).then((result) => {
      if (!current) return;
      setChecking(false);
      setIssues(issuesOfWorkflow(result.ok ? result.value.issues : (result.problem.issues ?? []), index));
    });
    return () => {
      current = false;
    };
  }, [client, candidate, index]);

  const update = (path: readonly (string | number)[], value: unknown) => {
    setDraft((previous) => setAt(previous, path, value));
    setTouched(true);
    setChecking(true);
    setNotice(undefined);
  };
  const restart = () => setFormGeneration((n) => n + 1);

  const shown = touched ? issues : [];
  const states = draft.states as Draft | undefined;
  const places = placesOf(Array.isArray(states?.transitions) ? states.transitions.length : 0);
  const placeOf = (issue: DraftIssue) => places.find((place) => isUnder(issue.path, place));
  const issueFor = (path: string): ReactNode =>
    shown.filter((issue) => placeOf(issue) === path).map((issue, i) => <IssueLine key={`${path}-${i}`} issue={issue} showPath={issue.path !== path} />);
  const general = shown.filter((issue) => placeOf(issue) === undefined);

  const endpointIds = endpoints.map((endpoint) => endpoint.id);
  // Typed YAML may not have the shape yet: then every endpoint is offered.
  const memberIds = hasMembershipShape(draft) ? membersOf(draft as Workflow, endpoints) : endpointIds;

  const save = async () => {
    setTouched(true);
    setSaving(true);
    const headers: Record<string, string> = message.trim() === '' ? {} : { 'x-change-message': message.trim() };
    const result = workflow
      ? await client.send('PUT', `/api/workflows/${encodeURIComponent(workflow.id)}`, draft, headers)
      : await client.send('POST', '/api/workflows', draft, headers);
    setSaving(false);
    if (result.ok) return onDone(String(draft.id));
    const found = issuesOfWorkflow(result.problem.issues ?? [], index);
    setIssues(found.length > 0 ? found : [{ path: '', message: result.problem.detail ?? result.problem.title, conflictsWith: [] }]);
    setChecking(false);
    setNotice(`Not saved: ${result.problem.title}`);
  };

  const problemCount = shown.length;
  const yaml = (
    <YamlTab
      subject="workflow"
      draft={draft}
      issues={shown}
      onChange={(next) => {
        setDraft(next);
        setTouched(true);
        setChecking(true);
        restart();
      }}
    />
  );
  const form = (
    <div className="workflow-form" key={formGeneration}>
      <WorkflowFields draft={draft} endpointIds={endpointIds} isNew={workflow === undefined} update={update} issueFor={issueFor} />
      <TransitionsEditor states={states} memberIds={memberIds} update={update} restart={restart} issueFor={issueFor} />
    </div>
  );

  return (
    <ListItemEditorPanel
      kind="workflow"
      title={workflow ? `Edit ${workflow.id}` : 'New workflow'}
      saveLabel={workflow ? 'Save workflow' : 'Create workflow'}
      saving={saving}
      onSave={() => void save()}
      onCancel={() => onDone(undefined)}
      message={message}
      onMessage={setMessage}
      touched={touched}
      checking={checking}
      problemCount={problemCount}
      notice={notice}
      tab={tab}
      onTab={setTab}
      general={general}
      form={form}
      yaml={yaml}
    />
  );
}

const isStringList = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');

function hasMembershipShape(draft: Draft): boolean {
  const { endpoints, match } = draft;
  if (endpoints !== undefined && !isStringList(endpoints)) return false;
  if (match === undefined) return true;
  if (!isObject(match)) return false;
  return (match.pathPrefix === undefined || typeof match.pathPrefix === 'string') && (match.tags === undefined || isStringList(match.tags));
}
