import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { JournalList, JournalSummary as JournalEntry } from '../../../src/contract/index.ts';
import { openEventStream } from '../api/event-stream.ts';
import { RequestDetail } from './request-detail.tsx';
import { matchesFilter, NO_FILTER, type RequestFilter, type RequestRow } from './request-filter.ts';

/** Rows kept on screen; the journal itself keeps more (ask the API with a cursor). */
const MAX_ROWS = 200;

const fromJournal = (entry: JournalEntry): RequestRow => ({
  key: `j${entry.id}`,
  id: entry.id,
  time: entry.time,
  method: entry.method,
  path: entry.path,
  status: entry.status,
  ...(entry.endpointId !== undefined ? { endpoint: entry.endpointId } : {}),
  ...(entry.session !== undefined ? { session: entry.session } : {}),
  durationMs: entry.durationMs,
});

/**
 * The request journal, live: `request.completed` events add rows at once, then a journal fetch
 * (coalesced, one at a time) replaces them with the entries that carry ids for the detail pane.
 */
export function InspectorPage({ client }: { client: AdminClient }) {
  const [rows, setRows] = useState<readonly RequestRow[]>([]);
  const [live, setLive] = useState(false);
  const [paused, setPaused] = useState(false);
  const [missed, setMissed] = useState(0);
  const [filter, setFilter] = useState<RequestFilter>(NO_FILTER);
  const [selected, setSelected] = useState<string | undefined>();
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const fetching = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  const liveCount = useRef(0);

  const refresh = useCallback(async () => {
    if (fetching.current.running) {
      fetching.current.again = true;
      return;
    }
    fetching.current.running = true;
    do {
      fetching.current.again = false;
      const result = await client.get<JournalList>(`/api/requests?limit=${MAX_ROWS}`);
      // A live event newer than the fetch stays until the next fetch brings its entry.
      if (result.ok && !pausedRef.current) setRows(result.value.items.map(fromJournal));
    } while (fetching.current.again);
    fetching.current.running = false;
  }, [client]);

  useEffect(() => {
    void refresh();
    const stream = openEventStream(
      ['request'],
      (event) => {
        if (event.type !== 'request.completed') return;
        if (pausedRef.current) return setMissed((n) => n + 1);
        const { data } = event;
        liveCount.current += 1;
        const row: RequestRow = { key: `live${liveCount.current}`, time: event.time, ...data };
        setRows((current) => [row, ...current].slice(0, MAX_ROWS));
        void refresh();
      },
      // Once subscribed (again, after a drop), the journal brings what completed while connecting.
      (open) => {
        setLive(open);
        if (open) void refresh();
      },
    );
    return () => stream.close();
  }, [refresh]);

  const togglePause = () => {
    if (paused) {
      setMissed(0);
      pausedRef.current = false;
      void refresh();
    }
    setPaused(!paused);
  };

  const shown = rows.filter((row) => matchesFilter(row, filter));
  const endpoints = [...new Set(rows.flatMap((row) => (row.endpoint ? [row.endpoint] : [])))].sort();
  const sessions = [...new Set(rows.flatMap((row) => (row.session ? [row.session] : [])))].sort();

  return (
    <section aria-labelledby="inspector-title" className="inspector">
      <div className="page-head">
        <h1 id="inspector-title">Inspector</h1>
        <span className={live ? 'live on' : 'live'} data-testid="live-state">
          {live ? (paused ? 'Paused' : 'Live') : 'Connecting…'}
        </span>
        <button type="button" onClick={togglePause} aria-pressed={paused}>
          {paused ? `Resume${missed > 0 ? ` (${missed} new)` : ''}` : 'Pause'}
        </button>
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      <div className="filters" role="search">
        <label>
          Endpoint
          <select value={filter.endpoint} onChange={(e) => setFilter({ ...filter, endpoint: e.target.value })}>
            <option value="">any</option>
            {endpoints.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <input value={filter.status} placeholder="404 or 5xx" size={8} onChange={(e) => setFilter({ ...filter, status: e.target.value })} />
        </label>
        <label>
          Matched
          <select value={filter.matched} onChange={(e) => setFilter({ ...filter, matched: e.target.value as RequestFilter['matched'] })}>
            <option value="any">any</option>
            <option value="matched">matched</option>
            <option value="unmatched">unmatched</option>
          </select>
        </label>
        <label>
          Session
          <input
            value={filter.session}
            list="inspector-sessions"
            placeholder="any"
            size={14}
            onChange={(e) => setFilter({ ...filter, session: e.target.value })}
          />
          <datalist id="inspector-sessions">
            {sessions.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
        </label>
      </div>
      <div className="split">
        <table className="requests">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col" className="number">
                Status
              </th>
              <th scope="col">Endpoint</th>
              <th scope="col">Session</th>
              <th scope="col" className="number">
                ms
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key} data-path={row.path} aria-selected={row.id !== undefined && row.id === selected}>
                <td>{new Date(row.time).toLocaleTimeString()}</td>
                <td>{row.method}</td>
                <td className="path">
                  {row.id !== undefined ? (
                    <button type="button" className="link" onClick={() => setSelected(row.id)}>
                      {row.path}
                    </button>
                  ) : (
                    row.path
                  )}
                </td>
                <td className={`number status-${String(row.status)[0]}xx`}>{row.status}</td>
                <td>{row.endpoint ?? <em>unmatched</em>}</td>
                <td className="session">{row.session ?? ''}</td>
                <td className="number">{row.durationMs.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {selected !== undefined && <RequestDetail client={client} id={selected} onClose={() => setSelected(undefined)} />}
      </div>
      {shown.length === 0 && <p>No requests yet: call the data plane and they appear here.</p>}
    </section>
  );
}
