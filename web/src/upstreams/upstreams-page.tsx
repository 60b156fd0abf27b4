import { useCallback, useEffect, useState } from 'react';
import type { Problem, TargetStatus, UpstreamList, UpstreamStatus } from '../../../src/contract/index.ts';
import type { AdminClient } from '../api/admin-client.ts';
import { openEventStream } from '../api/event-stream.ts';
import { DeleteUpstream } from './delete-upstream.tsx';
import { UpstreamEditor } from './upstream-editor.tsx';
import './upstreams.css';

/** In-flight counts and latency move without health events: the page also polls, this often. */
const POLL_MS = 2000;

/**
 * The running upstreams: each target's health, circuit breaker, requests in flight, latency and
 * counters, with drain / enable buttons, and a button that closes an upstream's breakers.
 * `upstream.health` and `upstream.breaker` events refresh it at once; a poll keeps the numbers current.
 * Upstreams are added, edited (the upstream editor, above the list) and deleted here too.
 */
export function UpstreamsPage({ client }: { client: AdminClient }) {
  const [upstreams, setUpstreams] = useState<readonly UpstreamStatus[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [live, setLive] = useState(false);
  // The upstream being edited: 'new', an id, or none; and what the last save or delete did.
  const [editing, setEditing] = useState<{ id: string | undefined } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(async () => {
    const result = await client.get<UpstreamList>('/api/upstreams');
    if (result.ok) {
      setUpstreams(result.value.items);
      setProblem(undefined);
    } else setProblem(result.problem);
  }, [client]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    const stream = openEventStream(
      ['upstream'],
      (event) => (event.type === 'upstream.health' || event.type === 'upstream.breaker' ? void load() : undefined),
      setLive,
    );
    return () => {
      clearInterval(timer);
      stream.close();
    };
  }, [load]);

  const act = async (upstream: string, target: TargetStatus) => {
    const action = target.drained ? 'enable' : 'drain';
    const result = await client.send<UpstreamStatus>('POST', `/api/upstreams/${encodeURIComponent(upstream)}/targets/${target.index}/${action}`);
    if (!result.ok) setProblem(result.problem);
    await load();
  };

  const resetBreakers = async (upstream: string) => {
    const result = await client.send<UpstreamStatus>('POST', `/api/upstreams/${encodeURIComponent(upstream)}/breaker/reset`);
    if (!result.ok) setProblem(result.problem);
    await load();
  };

  return (
    <section className="upstreams-page" aria-labelledby="upstreams-title">
      <div className="page-head">
        <h1 id="upstreams-title">
          Upstreams <span className={live ? 'live on' : 'live'}>{live ? 'live' : 'connecting'}</span>
        </h1>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setEditing({ id: undefined });
            setNotice(undefined);
          }}
        >
          New upstream
        </button>
      </div>
      {editing && (
        <UpstreamEditor
          key={editing.id ?? ''}
          client={client}
          upstreamId={editing.id}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved !== undefined) setNotice(`Saved upstream ${saved}: serving now.`);
            void load();
          }}
        />
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {problem && (
        <p role="alert" className="problem">
          {problem.title}: {problem.detail}
        </p>
      )}
      {upstreams?.length === 0 && <p>No upstreams: add one (New upstream) to forward requests to real backends.</p>}
      {upstreams?.map((upstream) => (
        <article key={upstream.id} className="upstream" data-upstream={upstream.id}>
          <h2>
            {upstream.id} <small>{upstream.balance}</small>
            {upstream.panic && <span className="badge warn">panic: every target takes traffic</span>}
          </h2>
          <div className="upstream-actions">
            <button
              type="button"
              aria-label={`Edit upstream ${upstream.id}`}
              onClick={() => {
                setEditing({ id: upstream.id });
                setNotice(undefined);
              }}
            >
              Edit
            </button>{' '}
            <DeleteUpstream
              client={client}
              id={upstream.id}
              onDeleted={() => {
                if (editing?.id === upstream.id) setEditing(undefined);
                setNotice(`Deleted upstream ${upstream.id}.`);
                void load();
              }}
            />
          </div>
          <p>
            {upstream.healthyTargets} of {upstream.targets.length} healthy · {upstream.inflight} in flight · {upstream.pending} waiting
            {hasBreaker(upstream) && (
              <>
                {' '}
                <button
                  type="button"
                  className="reset-breakers"
                  disabled={upstream.targets.every((target) => target.breaker === 'closed')}
                  title="Close the circuit breaker of every target now (trips and error counts start over)"
                  onClick={() => void resetBreakers(upstream.id)}
                >
                  Reset breakers
                </button>
              </>
            )}
          </p>
          <table>
            <thead>
              <tr>
                <th>Target</th>
                <th>Weight</th>
                <th>Health</th>
                {hasBreaker(upstream) && <th>Breaker</th>}
                <th>In flight</th>
                <th>Latency</th>
                <th>Requests</th>
                <th>Errors</th>
                <th>Ejections</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {upstream.targets.map((target) => (
                <tr key={target.url} data-target={target.url}>
                  <td>{target.url}</td>
                  <td>{target.weight}</td>
                  <td data-health={target.health} className={`health ${target.health}`}>
                    {target.health}
                    {target.ejectedUntil ? ` until ${new Date(target.ejectedUntil).toLocaleTimeString()}` : ''}
                  </td>
                  {hasBreaker(upstream) && (
                    <td data-breaker={target.breaker ?? 'closed'} className={`breaker ${target.breaker ?? 'closed'}`}>
                      {target.breaker ?? 'closed'}
                    </td>
                  )}
                  <td data-stat="inflight">{target.inflight}</td>
                  <td data-stat="latency">{target.latencyMs.toFixed(1)} ms</td>
                  <td data-stat="requests">{target.requests}</td>
                  <td data-stat="errors">{target.errors}</td>
                  <td>{target.ejections}</td>
                  <td>
                    <button type="button" onClick={() => void act(upstream.id, target)}>
                      {target.drained ? 'Enable' : 'Drain'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}

/** Whether the upstream has a circuitBreaker (the API then reports each target's state). */
const hasBreaker = (upstream: UpstreamStatus): boolean => upstream.targets.some((target) => target.breaker !== undefined);
