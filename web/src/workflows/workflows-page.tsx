import { useCallback, useEffect, useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { Endpoint as EndpointDefinition } from '../../../src/config/schema.ts';
import { openEventStream } from '../api/event-stream.ts';
import { StateDiagram } from './state-diagram.tsx';
import { WorkflowEditor } from './workflow-editor.tsx';
import type { WorkflowScopeState as ScopeState, WorkflowStateList } from '../../../src/contract/index.ts';
import { membersOf, shadowedOverrides, type Workflow } from './workflow-members.ts';
import './workflows.css';

/** Workflows: members, overrides (and which of them another block beats), the state machine and its state per scope. */
export function WorkflowsPage({ client }: { client: AdminClient }) {
  const [workflows, setWorkflows] = useState<readonly Workflow[] | undefined>();
  const [endpoints, setEndpoints] = useState<readonly EndpointDefinition[]>([]);
  const [error, setError] = useState<string | undefined>();
  // Bumped whenever the states may have moved: cards refetch their state per scope.
  const [generation, setGeneration] = useState(0);
  const [live, setLive] = useState(false);
  // The workflow being edited: 'new', an id, or none.
  const [editing, setEditing] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();

  const load = useCallback(async () => {
    const [list, endpointList] = await Promise.all([
      client.get<{ items: Workflow[] }>('/api/workflows'),
      client.get<{ items: EndpointDefinition[] }>('/api/endpoints'),
    ]);
    if (list.ok) setWorkflows(list.value.items);
    else setError(list.problem.detail ?? list.problem.title);
    if (endpointList.ok) setEndpoints(endpointList.value.items);
    setGeneration((n) => n + 1);
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  // Live: a completed request may have fired a transition (refetched at most every 150 ms, however
  // busy the server); a changed workflow or config reloads the list.
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stream = openEventStream(
      ['request', 'workflow', 'config'],
      (event) => {
        if (event.type === 'request.completed') {
          pending ??= setTimeout(() => {
            pending = undefined;
            setGeneration((n) => n + 1);
          }, 150);
        } else if (event.type.startsWith('workflow.') || event.type === 'config.applied') {
          void load();
        }
      },
      setLive,
    );
    return () => {
      clearTimeout(pending);
      stream.close();
    };
  }, [load]);

  return (
    <section aria-labelledby="workflows-title" className="workflows">
      <div className="page-head">
        <h1 id="workflows-title">Workflows</h1>
        <span className={live ? 'notice' : 'muted'} data-live={live}>
          {live ? 'live' : 'not live'}
        </span>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setEditing('new');
            setSaved(undefined);
          }}
        >
          New workflow
        </button>
      </div>
      {editing !== undefined && (
        <WorkflowEditor
          key={editing}
          client={client}
          workflow={editing === 'new' ? undefined : workflows?.find((w) => w.id === editing)}
          endpoints={endpoints}
          onDone={(saved) => {
            setEditing(undefined);
            setSaved(saved === undefined ? undefined : `Saved workflow ${saved}: serving now.`);
            if (saved !== undefined) void load();
          }}
        />
      )}
      {saved && (
        <p className="notice" role="status">
          {saved}
        </p>
      )}
      {error && (
        <p className="issue" role="alert">
          {error}
        </p>
      )}
      {workflows?.length === 0 && <p className="muted">No workflows in this config.</p>}
      {workflows?.map((workflow) => (
        <WorkflowCard
          key={workflow.id}
          client={client}
          workflow={workflow}
          all={workflows}
          endpoints={endpoints}
          generation={generation}
          onEdit={() => {
            setEditing(workflow.id);
            setSaved(undefined);
          }}
        />
      ))}
    </section>
  );
}

function WorkflowCard({
  client,
  workflow,
  all,
  endpoints,
  generation,
  onEdit,
}: {
  client: AdminClient;
  workflow: Workflow;
  all: readonly Workflow[];
  endpoints: readonly EndpointDefinition[];
  generation: number;
  onEdit: () => void;
}) {
  const [scopes, setScopes] = useState<readonly ScopeState[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const encodedId = encodeURIComponent(workflow.id);

  const loadState = useCallback(async () => {
    if (!workflow.states) return;
    const result = await client.get<WorkflowStateList>(`/api/workflows/${encodedId}/state`);
    if (result.ok) setScopes(result.value.items);
  }, [client, encodedId, workflow.states]);

  useEffect(() => {
    void loadState();
  }, [loadState, generation]);

  const reset = async (scope: string) => {
    const result = await client.send('DELETE', `/api/workflows/${encodedId}/state?scope=${encodeURIComponent(scope)}`);
    setNotice(result.ok ? `${scope} is back in ${workflow.states?.initial}.` : `Failed: ${result.problem.detail ?? result.problem.title}`);
    await loadState();
  };

  const members = membersOf(workflow, endpoints);
  const shadowed = shadowedOverrides(workflow, all, endpoints);
  const shownScope = selected !== undefined && scopes.some((s) => s.scope === selected) ? selected : scopes[0]?.scope;
  const current = workflow.states ? (scopes.find((s) => s.scope === shownScope)?.state ?? workflow.states.initial) : undefined;
  const counts = new Map<string, number>();
  for (const { state } of scopes) counts.set(state, (counts.get(state) ?? 0) + 1);

  return (
    <article className="panel workflow" data-workflow={workflow.id} aria-labelledby={`workflow-${workflow.id}`}>
      <h2 id={`workflow-${workflow.id}`}>
        {workflow.id} {workflow.description && <span className="muted">— {workflow.description}</span>}
      </h2>
      <button type="button" onClick={onEdit} aria-label={`Edit workflow ${workflow.id}`}>
        Edit
      </button>
      <div className="workflow-facts">
        <div>
          <h3>Members</h3>
          {workflow.match && (
            <p className="muted">
              by{' '}
              {[workflow.match.pathPrefix && `path prefix ${workflow.match.pathPrefix}`, workflow.match.tags && `tags ${workflow.match.tags.join(', ')}`]
                .filter(Boolean)
                .join(' and ')}
            </p>
          )}
          <ul className="members">
            {members.map((id) => (
              <li key={id}>
                <a href={`#/endpoints/${encodeURIComponent(id)}/edit`}>{id}</a>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Overrides</h3>
          {workflow.overrides || workflow.rateLimit ? (
            <pre>
              {JSON.stringify(
                { ...workflow.overrides, ...(workflow.rateLimit ? { rateLimit: `${JSON.stringify(workflow.rateLimit)} (shared)` } : {}) },
                null,
                1,
              )}
            </pre>
          ) : (
            <p className="muted">none</p>
          )}
          {workflow.precedence !== undefined && <p className="muted">precedence {workflow.precedence}</p>}
          {shadowed.length > 0 && (
            <ul className="shadowed" aria-label={`Overrides of ${workflow.id} that do not apply`}>
              {shadowed.map((s) => (
                <li key={`${s.endpoint}-${s.block}`}>
                  {s.block} on <a href={`#/endpoints/${encodeURIComponent(s.endpoint)}/edit`}>{s.endpoint}</a>: {s.winner} wins
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {workflow.states && (
        <>
          <h3>State machine ({workflow.scope ?? 'session'} scope)</h3>
          <div className="field-row">
            <label>
              Show scope
              <select
                aria-label={`Scope of ${workflow.id}`}
                value={shownScope ?? ''}
                onChange={(e) => setSelected(e.target.value)}
                disabled={scopes.length === 0}
              >
                {scopes.length === 0 && <option value="">every scope is in {workflow.states.initial}</option>}
                {scopes.map((s) => (
                  <option key={s.scope} value={s.scope}>
                    {s.scope}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="diagram-scroll">
            <StateDiagram
              workflowId={workflow.id}
              initial={workflow.states.initial}
              transitions={workflow.states.transitions}
              current={current}
              counts={counts}
            />
          </div>
          <table className="scope-states" aria-label={`Current state per scope of ${workflow.id}`}>
            <thead>
              <tr>
                <th>Scope</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {scopes.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    No scope has left {workflow.states.initial} yet.
                  </td>
                </tr>
              )}
              {scopes.map((s) => (
                <tr key={s.scope} data-scope={s.scope} aria-selected={s.scope === shownScope}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(s.scope)}>
                      {s.scope}
                    </button>
                  </td>
                  <td>{s.state}</td>
                  <td>
                    <button type="button" onClick={() => void reset(s.scope)} aria-label={`Reset ${s.scope}`}>
                      Reset
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
        </>
      )}
    </article>
  );
}
