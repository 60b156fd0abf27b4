import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { Config as ServedConfig } from '../../../src/config/schema.ts';
import type { ConfigCheck, ConfigIssueBody as ConfigIssue } from '../../../src/contract/index.ts';
import { setAt, type Draft } from './draft.ts';
import { takeEditorDraft } from './draft-handoff.ts';
import { isUnder, issuesOfEndpoint, issuesOfRequest, type DraftIssue } from './draft-issues.ts';
import { FaultsEditor } from './faults-editor.tsx';
import { FormProblemsContext, useFormProblems } from './form-problems.tsx';
import { IssueLine, IssueText } from './issue-line.tsx';
import { LatencyEditor } from './latency-editor.tsx';
import { MatchEditor } from './match-editor.tsx';
import { EndpointFields } from './endpoint-fields.tsx';
import { ProxySection } from './proxy-section.tsx';
import { RateLimitEditor } from './rate-limit-editor.tsx';
import { ResponseSection } from './response-section.tsx';
import { saveEndpoint } from './save-endpoint.ts';
import { ScheduleEditor } from './schedule-editor.tsx';
import { StateActionsEditor } from './state-actions-editor.tsx';
import { TemplatePreview } from './template-preview.tsx';
import { useDebounced } from './use-debounced.ts';
import { YamlTab } from './yaml-tab.tsx';
import { validateEndpoint, withoutSchemaIssues } from '../validation/endpoint-schema.ts';
import './editor.css';
import { EditorTabs, type EditorTab } from './editor-tabs.tsx';

/** Paths the form shows issues under; an issue elsewhere (a clash, `response` as a whole) is listed at the top. */
const FIELD_PATHS = [
  'id',
  'method',
  'path',
  'whenState',
  'match',
  'response.status',
  'response.headers',
  'response.body',
  'response.json',
  'variants',
  'latency',
  'errors',
  'rateLimit',
  'bandwidth',
  'sequence',
  'schedule',
  'state',
  'proxy',
  'proxy.upstream',
  'proxy.url',
  'proxy.stripPrefix',
  'proxy.headers',
  'proxy.timeout',
  'latency.mode',
];
const NEW_ENDPOINT: Draft = { id: '', method: 'GET', path: '/', response: { status: 200, body: '' } };

/** `GET /api/config`, its endpoints edited as drafts (they may be invalid while typed). */
type Config = Omit<ServedConfig, 'endpoints'> & { readonly endpoints?: readonly Draft[] };

type Loaded = { kind: 'loading' } | { kind: 'missing'; detail: string } | { kind: 'ready'; config: Config; index: number; originalId: string | undefined };

/** The endpoint editor (`#/endpoints/{id}/edit`, `#/endpoints/new`): every block as a form, or the whole endpoint as YAML. */
export function EditorPage({ client, endpointId }: { client: AdminClient; endpointId: string | undefined }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [draft, setDraft] = useState<Draft>(NEW_ENDPOINT);
  const [tab, setTab] = useState<EditorTab>('form');
  const [formProblems, reportFormProblem] = useFormProblems();
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [checking, setChecking] = useState(true);
  // A new, empty endpoint is not wrong yet: its issues wait for the first edit (or a save attempt).
  const [touched, setTouched] = useState(false);
  // Bumped when the draft is replaced wholesale (load, YAML tab), so inputs keeping local rows start over.
  const [formGeneration, setFormGeneration] = useState(0);
  // A draft handed over by another page (the inspector's "create endpoint from this request"), taken once.
  const handed = useRef<{ draft: Draft | undefined } | undefined>(undefined);
  handed.current ??= { draft: endpointId === undefined ? takeEditorDraft() : undefined };

  useEffect(() => {
    let current = true;
    void client.get<Config>('/api/config').then((result) => {
      if (!current) return;
      if (!result.ok) return setLoaded({ kind: 'missing', detail: result.problem.detail ?? result.problem.title });
      const endpoints = result.value.endpoints ?? [];
      if (endpointId === undefined) {
        setDraft(handed.current?.draft ?? NEW_ENDPOINT);
        setLoaded({ kind: 'ready', config: result.value, index: endpoints.length, originalId: undefined });
      } else {
        const index = endpoints.findIndex((endpoint) => endpoint.id === endpointId);
        const found = endpoints[index];
        if (!found) return setLoaded({ kind: 'missing', detail: `No endpoint with id "${endpointId}".` });
        setDraft(found);
        setLoaded({ kind: 'ready', config: result.value, index, originalId: endpointId });
      }
      setFormGeneration((n) => n + 1);
    });
    return () => {
      current = false;
    };
  }, [client, endpointId]);

  // Field-level validation as you type: the server checks the whole config with this endpoint in it.
  const settled = useDebounced(draft, 300);
  const candidate = useMemo(() => {
    // Only a draft that has stopped changing: the first value after loading is still the empty one.
    if (loaded.kind !== 'ready' || settled !== draft) return undefined;
    const endpoints = [...(loaded.config.endpoints ?? [])];
    endpoints[loaded.index] = settled;
    return { ...loaded.config, endpoints };
  }, [loaded, settled, draft]);
  useEffect(() => {
    if (!candidate || loaded.kind !== 'ready') return;
    let current = true;
    void client.send<ConfigCheck>('POST', '/api/config/validate', candidate).then((result) => {
      if (!current) return;
      setChecking(false);
      const ids = candidate.endpoints.map((endpoint) => String(endpoint.id ?? ''));
      // Schema issues show live from the browser's own check (below): keep the server's semantic ones and conflicts.
      const found = result.ok ? issuesOfEndpoint(result.value.issues, loaded.index, ids) : issuesOfRequest(result.problem.issues ?? [], ids, loaded.index);
      setIssues(withoutSchemaIssues(found, candidate.endpoints[loaded.index]));
    });
    return () => {
      current = false;
    };
  }, [client, candidate, loaded]);
  // The published config schema, checked in the browser on every change (no debounce): the same rules and words as the server.
  const schemaIssues = useMemo<DraftIssue[]>(() => validateEndpoint(draft).map((issue) => ({ ...issue, conflictsWith: [], source: 'schema' })), [draft]);
  // When both report the same field, the live one shows.
  const quiet = !touched && loaded.kind === 'ready' && loaded.originalId === undefined && handed.current?.draft === undefined;
  const shown = quiet ? [] : [...schemaIssues, ...issues.filter((issue) => !schemaIssues.some((live) => live.path === issue.path))];
  const problemCount = shown.length + formProblems.size;

  if (loaded.kind === 'loading') return <p className="muted">Loading…</p>;
  if (loaded.kind === 'missing')
    return (
      <section>
        <p className="issue" role="alert">
          {loaded.detail}
        </p>
        <a href="#/endpoints">Back to endpoints</a>
      </section>
    );

  const update = (path: readonly (string | number)[], value: unknown) => {
    setDraft((previous) => setAt(previous, path, value));
    setTouched(true);
    setChecking(true);
    setNotice(undefined);
  };
  // Every place an issue can show; an issue shows under the most specific one (a variant's status, not the variants block).
  const variantCount = Array.isArray(draft.variants) ? draft.variants.length : 0;
  const faultCount = Array.isArray(draft.errors) ? draft.errors.length : 0;
  const sequence = draft.sequence as Draft | undefined;
  const stepCount = Array.isArray(sequence?.responses) ? sequence.responses.length : 0;
  const windowCount = Array.isArray((draft.schedule as Draft | undefined)?.windows) ? ((draft.schedule as Draft).windows as unknown[]).length : 0;
  const places = [
    ...FIELD_PATHS,
    ...Array.from({ length: variantCount }, (_, i) => [
      `variants[${i}].weight`,
      ...['status', 'headers', 'body', 'json'].map((field) => `variants[${i}].response.${field}`),
    ]).flat(),
    ...Array.from({ length: faultCount }, (_, i) => `errors[${i}]`),
    ...Array.from({ length: stepCount }, (_, i) => ['status', 'headers', 'body', 'json'].map((field) => `sequence.responses[${i}].${field}`)).flat(),
    ...Array.from({ length: windowCount }, (_, i) => `schedule.windows[${i}]`),
  ];
  const issueFor = (path: string): ReactNode => {
    const found = shown.filter(
      (issue) => isUnder(issue.path, path) && !places.some((other) => other !== path && isUnder(other, path) && isUnder(issue.path, other)),
    );
    return found.map((issue, i) => <IssueLine key={`${path}-${i}`} issue={issue} showPath={issue.path !== path} />);
  };
  const general = shown.filter((issue) => !FIELD_PATHS.some((path) => isUnder(issue.path, path)) && !/^variants\[/.test(issue.path));

  const save = async () => {
    setTouched(true);
    if (formProblems.size > 0) {
      setNotice(`Not saved: ${[...formProblems.values()][0]}${formProblems.size > 1 ? ` (and ${formProblems.size - 1} more)` : ''}`);
      return;
    }
    setSaving(true);
    const result = await saveEndpoint(client, draft, loaded.originalId, message);
    setSaving(false);
    if (result.ok) {
      const id = String(draft.id);
      setNotice(`Saved ${id}${message.trim() ? ` (“${message.trim()}”)` : ''}: serving now.`);
      setMessage('');
      if (loaded.originalId !== id) location.hash = `#/endpoints/${encodeURIComponent(id)}/edit`;
      return;
    }
    const ids = (loaded.config.endpoints ?? []).map((endpoint) => String(endpoint.id ?? ''));
    ids[loaded.index] = String(draft.id);
    const found = issuesOfRequest(result.problem.issues ?? [], ids, loaded.index);
    setIssues(found.length > 0 ? withoutSchemaIssues(found, draft) : [{ path: '', message: result.problem.detail ?? result.problem.title, conflictsWith: [] }]);
    setNotice(`Not saved: ${result.problem.title}`);
  };

  const faults = (draft.errors as Draft[] | undefined) ?? [];
  const match = (draft.match as Draft | undefined) ?? {};
  const restart = () => setFormGeneration((n) => n + 1);
  const yaml = (
    <YamlTab
      draft={draft}
      issues={shown}
      onChange={(next) => {
        setDraft(next);
        setTouched(true);
        setChecking(true);
        setFormGeneration((n) => n + 1);
      }}
    />
  );
  // The form's blocks, with the template preview beside them on a wide screen (below on a narrow one).
  const form = (
    <div className="editor-form" key={formGeneration}>
      <div className="editor-fields">
        <EndpointFields draft={draft} update={update} issueFor={issueFor} />
        <MatchEditor match={match} onChange={(key, value) => update(['match', key], value)} issueFor={issueFor} />

        <ProxySection client={client} draft={draft} update={update} setDraft={setDraft} restart={restart} issueFor={issueFor} />
        {draft.proxy === undefined && <ResponseSection draft={draft} update={update} setDraft={setDraft} restart={restart} issueFor={issueFor} />}
        <LatencyEditor client={client} latency={draft.latency as Draft | undefined} onChange={(latency) => update(['latency'], latency)} issueFor={issueFor} />

        <FaultsEditor faults={faults} update={update} onRestart={() => setFormGeneration((n) => n + 1)} issueFor={issueFor} />

        <RateLimitEditor draft={draft} update={update} issueFor={issueFor} />
        <ScheduleEditor schedule={draft.schedule as Draft | undefined} onChange={(schedule) => update(['schedule'], schedule)} issueFor={issueFor} />

        <StateActionsEditor state={draft.state as Draft | undefined} onChange={(key, value) => update(['state', key], value)} issueFor={issueFor} />
      </div>
      <aside className="editor-aside" aria-label="Template preview">
        <TemplatePreview client={client} draft={draft} />
      </aside>
    </div>
  );

  return (
    <FormProblemsContext.Provider value={reportFormProblem}>
      <section aria-labelledby="editor-title" className="editor">
        <div className="page-head">
          <h1 id="editor-title">{loaded.originalId === undefined ? 'New endpoint' : `Edit ${loaded.originalId}`}</h1>
          <a href="#/endpoints">Back to endpoints</a>
        </div>
        <div className="save-bar panel">
          <label className="grow">
            Change message
            <input value={message} placeholder="why (recorded with the version)" onChange={(e) => setMessage(e.target.value)} />
          </label>
          <button type="button" className="primary" disabled={saving} onClick={() => void save()}>
            {loaded.originalId === undefined ? 'Create endpoint' : 'Save endpoint'}
          </button>
          <p className={checking && problemCount === 0 ? 'muted' : problemCount === 0 ? 'notice' : 'issue'} data-validity>
            {quiet
              ? ''
              : checking && problemCount === 0
                ? 'checking…'
                : problemCount === 0
                  ? '✓ valid'
                  : `${problemCount} ${problemCount === 1 ? 'issue' : 'issues'}`}
          </p>
          {notice && (
            <p className={notice.startsWith('Saved') ? 'notice' : 'issue'} role="status">
              {notice}
            </p>
          )}
        </div>
        <EditorTabs tab={tab} onChange={setTab} />
        {general.length > 0 && (
          <ul className="issues" role="alert" aria-label="Issues">
            {general.map((issue, i) => (
              <li key={i} data-source={issue.source ?? 'server'}>
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
      </section>
    </FormProblemsContext.Provider>
  );
}
