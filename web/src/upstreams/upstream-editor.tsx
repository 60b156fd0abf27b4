import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { Config, UpstreamConfig } from '../../../src/config/schema.ts';
import type { ConfigCheck } from '../../../src/contract/index.ts';
import { issuesOfListItem, isUnder, type DraftIssue } from '../editor/draft-issues.ts';
import { setAt, type Draft } from '../editor/draft.ts';
import { type EditorTab } from '../editor/editor-tabs.tsx';
import { ListItemEditorPanel } from '../editor/list-item-editor-panel.tsx';
import { IssueLine } from '../editor/issue-line.tsx';
import { useDebounced } from '../editor/use-debounced.ts';
import { YamlTab } from '../editor/yaml-tab.tsx';
import { validateUpstream } from '../validation/upstream-schema.ts';
import { UpstreamFields } from './upstream-fields.tsx';
import { ConnectionSection, HealthSection, placesOfUpstream, ResilienceSection } from './upstream-sections.tsx';
import '../editor/editor.css';

/** What a new upstream starts as: one target row to fill in. */
const NEW_UPSTREAM: Draft = { id: '', targets: [{ url: '' }] };

type Loaded = { kind: 'loading' } | { kind: 'missing'; detail: string } | { kind: 'ready'; config: Config; index: number };

/**
 * Creates (`POST /api/upstreams`) or replaces (`PUT /api/upstreams/{id}`) an upstream, as a form
 * (id, targets, balance, health, connections and TLS, the common resilience fields), as YAML, or
 * both side by side. The browser checks it against the published schema as you type; the server
 * checks the whole config with it in (a duplicate id, a TLS file that is not there), and each issue
 * shows under its field. A save is one version with its change message.
 */
export function UpstreamEditor({
  client,
  upstreamId,
  onDone,
}: {
  client: AdminClient;
  upstreamId: string | undefined;
  onDone: (saved: string | undefined) => void;
}) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [draft, setDraft] = useState<Draft>(NEW_UPSTREAM);
  const [tab, setTab] = useState<EditorTab>('form');
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [checking, setChecking] = useState(true);
  // A new upstream is not wrong yet: its issues wait for the first edit (or a save attempt).
  const [touched, setTouched] = useState(upstreamId !== undefined);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  // Bumped when the draft is replaced wholesale (load, YAML tab, a removed row), so inputs start over.
  const [formGeneration, setFormGeneration] = useState(0);
  const restart = () => setFormGeneration((n) => n + 1);

  useEffect(() => {
    let current = true;
    void client.get<Config>('/api/config').then((result) => {
      if (!current) return;
      if (!result.ok) return setLoaded({ kind: 'missing', detail: result.problem.detail ?? result.problem.title });
      const upstreams = result.value.upstreams ?? [];
      if (upstreamId === undefined) return setLoaded({ kind: 'ready', config: result.value, index: upstreams.length });
      const index = upstreams.findIndex((upstream) => upstream.id === upstreamId);
      if (index < 0) return setLoaded({ kind: 'missing', detail: `No upstream with id "${upstreamId}" in the config.` });
      setDraft(structuredClone(upstreams[index]) as Draft);
      setLoaded({ kind: 'ready', config: result.value, index });
      restart();
    });
    return () => {
      current = false;
    };
  }, [client, upstreamId]);

  // The server checks the whole config with this upstream in it, once the draft has stopped changing.
  const settled = useDebounced(draft, 300);
  const candidate = useMemo(() => {
    if (loaded.kind !== 'ready' || settled !== draft) return undefined;
    const upstreams: unknown[] = [...(loaded.config.upstreams ?? [])];
    upstreams[loaded.index] = settled;
    return { ...loaded.config, upstreams };
  }, [loaded, settled, draft]);
  useEffect(() => {
    if (!candidate || loaded.kind !== 'ready') return;
    let current = true;
    void client.send<ConfigCheck>('POST', '/api/config/validate', candidate).then((result) => {
      if (!current) return;
      setChecking(false);
      const found = issuesOfListItem(result.ok ? result.value.issues : (result.problem.issues ?? []), 'upstreams', loaded.index);
      // Schema issues show live from the browser's own check (below): keep the server's others.
      const fromSchema = validateUpstream(candidate.upstreams[loaded.index]);
      setIssues(found.filter((issue) => !fromSchema.some((s) => s.path === issue.path && s.message === issue.message)));
    });
    return () => {
      current = false;
    };
  }, [client, candidate, loaded]);
  const schemaIssues = useMemo<DraftIssue[]>(() => validateUpstream(draft).map((issue) => ({ ...issue, conflictsWith: [], source: 'schema' })), [draft]);

  if (loaded.kind === 'loading') return <p className="muted">Loading…</p>;
  if (loaded.kind === 'missing')
    return (
      <div className="panel" role="region" aria-label="Upstream editor">
        <p className="issue" role="alert">
          {loaded.detail}
        </p>
        <button type="button" onClick={() => onDone(undefined)}>
          Close
        </button>
      </div>
    );

  const update = (path: readonly (string | number)[], value: unknown) => {
    setDraft((previous) => setAt(previous, path, value));
    setTouched(true);
    setChecking(true);
    setNotice(undefined);
  };

  const shown = touched ? [...schemaIssues, ...issues.filter((issue) => !schemaIssues.some((live) => live.path === issue.path))] : [];
  const places = placesOfUpstream(draft);
  const placeOf = (issue: DraftIssue) => places.find((place) => isUnder(issue.path, place));
  const issueFor = (path: string): ReactNode =>
    shown.filter((issue) => placeOf(issue) === path).map((issue, i) => <IssueLine key={`${path}-${i}`} issue={issue} showPath={issue.path !== path} />);
  const issueCount = (block: string) => shown.filter((issue) => isUnder(issue.path, block)).length;
  const general = shown.filter((issue) => placeOf(issue) === undefined);
  const isNew = upstreamId === undefined;

  const save = async () => {
    setTouched(true);
    setSaving(true);
    const headers: Record<string, string> = message.trim() === '' ? {} : { 'x-change-message': message.trim() };
    const result = isNew
      ? await client.send<UpstreamConfig>('POST', '/api/upstreams', draft, headers)
      : await client.send<UpstreamConfig>('PUT', `/api/upstreams/${encodeURIComponent(upstreamId)}`, draft, headers);
    setSaving(false);
    if (result.ok) return onDone(result.value.id);
    const found = issuesOfListItem(result.problem.issues ?? [], 'upstreams', loaded.index);
    setIssues(found.length > 0 ? found : [{ path: '', message: result.problem.detail ?? result.problem.title, conflictsWith: [] }]);
    setChecking(false);
    setNotice(`Not saved: ${result.problem.title}`);
  };

  const problemCount = shown.length;
  const yaml = (
    <YamlTab
      subject="upstream"
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
  const blockProps = { draft, update, issueFor };
  const form = (
    <div className="upstream-form" key={formGeneration}>
      <UpstreamFields {...blockProps} isNew={isNew} restart={restart} />
      <HealthSection {...blockProps} issueCount={issueCount} />
      <ConnectionSection {...blockProps} issueCount={issueCount} />
      <ResilienceSection {...blockProps} issueCount={issueCount} />
    </div>
  );

  return (
    <ListItemEditorPanel
      kind="upstream"
      title={isNew ? 'New upstream' : `Edit upstream ${upstreamId}`}
      saveLabel={isNew ? 'Create upstream' : 'Save upstream'}
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
