import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import { openEventStream } from '../api/event-stream.ts';
import type { Endpoint as EndpointDefinition } from '../../../src/config/schema.ts';
import type { EndpointWindowStats as EndpointMetrics, MetricsSnapshot as MetricsSummary } from '../../../src/contract/index.ts';
import { EndpointForm } from './endpoint-form.tsx';
import { EndpointRow } from './endpoint-row.tsx';
import { badgesOf, isEnabled, isMemberOf, matchesSearch, methodsOf, type WorkflowMembership } from './endpoint-facts.ts';

type BehaviorFilter = 'any' | 'faults' | 'limits' | 'disabled';
/** The form is closed, open empty, or open as a copy of an endpoint. */
type FormState = { open: false } | { open: true; template?: EndpointDefinition };

/** The metrics window the list shows hits and error rates over. */
const METRICS_WINDOW = '5m';

export function EndpointsPage({ client }: { client: AdminClient }) {
  const [endpoints, setEndpoints] = useState<readonly EndpointDefinition[] | undefined>();
  const [metrics, setMetrics] = useState<ReadonlyMap<string, EndpointMetrics>>(new Map());
  const [error, setError] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [method, setMethod] = useState('any');
  const [behavior, setBehavior] = useState<BehaviorFilter>('any');
  const [workflows, setWorkflows] = useState<readonly WorkflowMembership[]>([]);
  const [workflow, setWorkflow] = useState('any');
  const [form, setForm] = useState<FormState>({ open: false });
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(async () => {
    const [list, summary, flows] = await Promise.all([
      client.get<{ items: EndpointDefinition[] }>('/api/endpoints'),
      client.get<MetricsSummary>('/api/metrics'),
      client.get<{ items: WorkflowMembership[] }>('/api/workflows'),
    ]);
    if (list.ok) setEndpoints(list.value.items);
    else setError(list.problem.detail ?? list.problem.title);
    if (flows.ok) setWorkflows(flows.value.items);
    // Metrics may be turned off (404 METRICS_DISABLED): the list simply shows no counts.
    if (summary.ok) setMetrics(new Map((summary.value.windows[METRICS_WINDOW]?.endpoints ?? []).map((m) => [m.endpoint, m])));
  }, [client]);

  useEffect(() => {
    void load();
    // Changes made elsewhere (another tab, the API, an edit of the config file) and the metrics
    // ticks (every 5 s) refresh the list, so it never shows a stale definition or count.
    const stream = openEventStream(
      ['endpoint', 'workflow', 'config', 'metrics'],
      (event) => {
        if (event.type.startsWith('endpoint.') || event.type.startsWith('workflow.') || event.type === 'config.applied' || event.type === 'metrics.tick')
          void load();
      },
      // Once subscribed (again, after a drop), a fresh load covers what happened while connecting.
      (open) => {
        if (open) void load();
      },
    );
    return () => stream.close();
  }, [load]);

  // A workflow deleted elsewhere while chosen: the filter falls back to every endpoint.
  const chosenWorkflow = workflows.find((w) => w.id === workflow);
  const methods = useMemo(() => [...new Set((endpoints ?? []).map(methodsOf))].sort(), [endpoints]);
  const shown = (endpoints ?? []).filter(
    (endpoint) =>
      matchesSearch(endpoint, search) &&
      (method === 'any' || methodsOf(endpoint) === method) &&
      (chosenWorkflow === undefined || isMemberOf(endpoint, chosenWorkflow)) &&
      (behavior === 'any' ? true : behavior === 'disabled' ? !isEnabled(endpoint) : badgesOf(endpoint).includes(behavior)),
  );

  const act = async (action: Promise<{ ok: boolean; problem?: { detail?: string; title: string } }>, done: string) => {
    const result = await action;
    setNotice(result.ok ? done : `Failed: ${result.problem?.detail ?? result.problem?.title ?? 'unknown error'}`);
    await load();
  };

  return (
    <section aria-labelledby="endpoints-title">
      <div className="page-head">
        <h1 id="endpoints-title">Endpoints</h1>
        <button type="button" className="primary" onClick={() => setForm({ open: true })}>
          New endpoint
        </button>
        {/* The quick form covers id, method, path, status and body; every other block is in the editor. */}
        <a className="button-link" href="#/endpoints/new">
          New in the full editor
        </a>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {form.open && (
        <EndpointForm
          key={form.template?.id ?? 'new'}
          client={client}
          template={form.template}
          onCancel={() => setForm({ open: false })}
          onCreated={(id) => {
            setForm({ open: false });
            setNotice(`Created ${id}`);
            void load();
          }}
        />
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="filters" role="search">
        <label>
          Search
          <input type="search" value={search} placeholder="id, path, method…" onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          Method
          <select value={method} onChange={(e) => setMethod(e.target.value)}>
            <option value="any">any</option>
            {methods.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Workflow
          <select value={chosenWorkflow?.id ?? 'any'} onChange={(e) => setWorkflow(e.target.value)}>
            <option value="any">any</option>
            {workflows.map((w) => (
              <option key={w.id}>{w.id}</option>
            ))}
          </select>
        </label>
        <label>
          Show
          <select value={behavior} onChange={(e) => setBehavior(e.target.value as BehaviorFilter)}>
            <option value="any">all</option>
            <option value="faults">with faults</option>
            <option value="limits">with limits</option>
            <option value="disabled">disabled</option>
          </select>
        </label>
      </div>
      {error && (
        <p className="issue" role="alert">
          {error}
        </p>
      )}
      {endpoints === undefined ? (
        <p>Loading…</p>
      ) : (
        <table className="endpoints">
          <caption className="visually-hidden">
            {shown.length} of {endpoints.length} endpoints; hits and error rate over the last 5 minutes
          </caption>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">Id</th>
              <th scope="col">Behaviors</th>
              <th scope="col" className="number">
                Hits (5 min)
              </th>
              <th scope="col" className="number">
                Errors
              </th>
              <th scope="col">Enabled</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((endpoint) => (
              <EndpointRow
                key={endpoint.id}
                endpoint={endpoint}
                metrics={metrics.get(endpoint.id)}
                onToggle={() =>
                  act(
                    client.send('PATCH', `/api/endpoints/${encodeURIComponent(endpoint.id)}`, { enabled: !isEnabled(endpoint) }),
                    `${isEnabled(endpoint) ? 'Disabled' : 'Enabled'} ${endpoint.id}`,
                  )
                }
                onDuplicate={() => setForm({ open: true, template: endpoint })}
                onDelete={() => act(client.send('DELETE', `/api/endpoints/${encodeURIComponent(endpoint.id)}`), `Deleted ${endpoint.id}`)}
              />
            ))}
          </tbody>
        </table>
      )}
      {endpoints !== undefined && shown.length === 0 && <p>No endpoint matches.</p>}
    </section>
  );
}
