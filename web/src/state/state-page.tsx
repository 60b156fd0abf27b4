import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import { openEventStream } from '../api/event-stream.ts';
import { CollectionTable } from './collection-table.tsx';
import type { StateList } from '../../../src/contract/index.ts';
import { groupByScope, parseJson, type StateEntry } from './state-entries.ts';
import { VariableRow } from './variable-row.tsx';
import './state.css';

type KindFilter = '' | StateEntry['kind'];

const statePath = (scope: string, key: string) => `/api/state/${encodeURIComponent(scope)}/${encodeURIComponent(key)}`;

/** State by scope: variables to edit and delete, CRUD collections as tables, a reset per scope. */
export function StatePage({ client }: { client: AdminClient }) {
  const [entries, setEntries] = useState<readonly StateEntry[] | undefined>();
  const [scopeFilter, setScopeFilter] = useState('');
  const [kind, setKind] = useState<KindFilter>('');
  const [notice, setNotice] = useState<string | undefined>();
  const [resetting, setResetting] = useState<string | undefined>();
  const [newScope, setNewScope] = useState('global');
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  // Empty: the variable stays until deleted; else a duration the admin API checks ("30m", "10s").
  const [newTtl, setNewTtl] = useState('');
  const filterRef = useRef({ scopeFilter, kind });
  filterRef.current = { scopeFilter, kind };

  const load = useCallback(async () => {
    const { scopeFilter: scope, kind: k } = filterRef.current;
    const query = new URLSearchParams();
    if (scope.trim() !== '') query.set('scope', scope.trim());
    if (k !== '') query.set('kind', k);
    const result = await client.get<StateList>(`/api/state${query.toString() ? `?${query.toString()}` : ''}`);
    if (result.ok) setEntries(result.value.items);
    else setNotice(`Failed: ${result.problem.detail ?? result.problem.title}`);
  }, [client]);

  useEffect(() => {
    void load();
  }, [load, kind]);

  // Writes through the admin API and the data plane arrive as state events: reload, at most every 300 ms.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stream = openEventStream(
      ['state'],
      () => {
        timer ??= setTimeout(() => {
          timer = undefined;
          void load();
        }, 300);
      },
      () => undefined,
    );
    return () => {
      clearTimeout(timer);
      stream.close();
    };
  }, [load]);

  /** Runs an admin call, reports how it went, reloads; whether it succeeded. */
  const act = async (action: Promise<{ ok: boolean; problem?: { detail?: string; title: string } }>, done: string): Promise<boolean> => {
    const result = await action;
    setNotice(result.ok ? done : `Failed: ${result.problem?.detail ?? result.problem?.title ?? 'unknown error'}`);
    await load();
    return result.ok;
  };

  const parsedNew = newValue.trim() === '' ? undefined : parseJson(newValue);
  const addVariable = (event: FormEvent) => {
    event.preventDefault();
    if (!parsedNew?.ok || newKey.trim() === '' || newScope.trim() === '') return;
    const ttl = newTtl.trim();
    const body = ttl === '' ? { value: parsedNew.value } : { value: parsedNew.value, ttl: /^\d+(\.\d+)?$/.test(ttl) ? Number(ttl) : ttl };
    void act(
      client.send('PUT', statePath(newScope.trim(), newKey.trim()), body),
      `Set ${newKey.trim()} in ${newScope.trim()}${ttl === '' ? '' : ` for ${ttl}`}`,
    ).then((ok) => {
      // A refused value stays in the form to be fixed.
      if (!ok) return;
      setNewKey('');
      setNewValue('');
      setNewTtl('');
    });
  };

  const groups = groupByScope(entries ?? []);

  return (
    <section aria-labelledby="state-title">
      <div className="page-head">
        <h1 id="state-title">State</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          Scope
          <input type="search" value={scopeFilter} placeholder="global, session, session:abc…" onChange={(e) => setScopeFilter(e.target.value)} />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as KindFilter)}>
            <option value="">any</option>
            <option value="var">variables</option>
            <option value="seq">sequences</option>
            <option value="crud">CRUD items</option>
            <option value="wf">workflow states</option>
          </select>
        </label>
        <button type="submit" className="filter-apply">
          Apply
        </button>
      </form>
      <form className="panel add-variable" onSubmit={addVariable} aria-label="Set a variable">
        <h2>Set a variable</h2>
        <div className="add-grid">
          <label>
            Scope
            <input value={newScope} onChange={(e) => setNewScope(e.target.value)} />
          </label>
          <label>
            Key
            <input value={newKey} onChange={(e) => setNewKey(e.target.value)} />
          </label>
          <div className={parsedNew?.ok === false ? 'field invalid' : 'field'}>
            <label htmlFor="new-state-value">Value (JSON)</label>
            <input
              id="new-state-value"
              value={newValue}
              placeholder='"hello", 42, {"items": []}'
              aria-invalid={parsedNew?.ok === false}
              aria-describedby={parsedNew?.ok === false ? 'new-state-value-issue' : undefined}
              onChange={(e) => setNewValue(e.target.value)}
            />
            {parsedNew?.ok === false && (
              <p className="issue" id="new-state-value-issue">
                Not JSON: {parsedNew.message}
              </p>
            )}
          </div>
          <label>
            Expires after
            <input value={newTtl} placeholder="never (e.g. 30m)" onChange={(e) => setNewTtl(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={!parsedNew?.ok || newKey.trim() === ''}>
            Set
          </button>
        </div>
      </form>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {entries === undefined ? (
        <p>Loading…</p>
      ) : groups.length === 0 ? (
        <p>No state stored{scopeFilter || kind ? ' matches' : ''}.</p>
      ) : (
        groups.map((group) => (
          <div key={group.scope} className="panel scope" data-scope={group.scope}>
            <div className="page-head">
              <h2>
                Scope <code>{group.scope}</code>
              </h2>
              {resetting === group.scope ? (
                <>
                  <span>Remove every entry of {group.scope}?</span>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setResetting(undefined);
                      void act(client.send('POST', `/api/state/${encodeURIComponent(group.scope)}/reset`), `Reset ${group.scope}`);
                    }}
                  >
                    Confirm reset
                  </button>
                  <button type="button" onClick={() => setResetting(undefined)}>
                    Keep
                  </button>
                </>
              ) : (
                <button type="button" aria-label={`Reset ${group.scope}`} onClick={() => setResetting(group.scope)}>
                  Reset scope
                </button>
              )}
            </div>
            {group.others.length > 0 && (
              <table className="state-vars">
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Value</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {group.others.map((entry) => (
                    <VariableRow
                      key={`${entry.kind}:${entry.name}`}
                      entry={entry}
                      onSave={(value) => act(client.send('PUT', statePath(entry.scope, entry.name), { value }), `Saved ${entry.name}`)}
                      onDelete={() => act(client.send('DELETE', statePath(entry.scope, entry.name)), `Deleted ${entry.name}`)}
                    />
                  ))}
                </tbody>
              </table>
            )}
            {[...group.collections].map(([collection, items]) => (
              <CollectionTable key={collection} scope={group.scope} collection={collection} items={items} />
            ))}
          </div>
        ))
      )}
    </section>
  );
}
