import { useEffect, useState, type ReactNode } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { UpstreamList } from '../../../src/contract/index.ts';
import { setAt, toInput, type Draft } from './draft.ts';
import { PairsEditor } from './pairs-editor.tsx';

/** What a mock answers with; switching to Proxy sets these aside. */
const MOCK_BODIES = ['response', 'variants', 'sequence'] as const;

/** The upstream ids of the running config, for the select (`GET /api/upstreams`); empty until loaded or when none. */
function useUpstreamIds(client: AdminClient): readonly string[] {
  const [ids, setIds] = useState<readonly string[]>([]);
  useEffect(() => {
    let current = true;
    void client.get<UpstreamList>('/api/upstreams').then((result) => {
      if (current && result.ok) setIds(result.value.items.map((upstream) => upstream.id));
    });
    return () => {
      current = false;
    };
  }, [client]);
  return ids;
}

/**
 * "Answer with": a mock (the Response block) or a proxy to a real backend. For a proxy: an upstream
 * from the running config or one URL, the path rewrite (stripPrefix), request headers set and
 * removed, the timeout, and whether the endpoint's latency adds to the backend's time or counts it.
 * Every field writes the config's own keys, so the YAML tab shows the same endpoint.
 */
export function ProxySection({
  client,
  draft,
  update,
  setDraft,
  restart,
  issueFor,
}: {
  client: AdminClient;
  draft: Draft;
  update: (path: readonly (string | number)[], value: unknown) => void;
  setDraft: (change: (previous: Draft) => Draft) => void;
  restart: () => void;
  issueFor: (path: string) => ReactNode;
}) {
  const upstreamIds = useUpstreamIds(client);
  const proxy = draft.proxy as Draft | undefined;
  const byUrl = proxy !== undefined && proxy.url !== undefined;
  const headers = (proxy?.headers as Draft | undefined) ?? {};
  const latency = draft.latency as Draft | undefined;

  const answerWith = (kind: 'mock' | 'proxy') => {
    setDraft((previous) => {
      if (kind === 'mock') return setAt(setAt(previous, ['proxy'], undefined), ['response'], previous.response ?? { status: 200, body: '' });
      let next = previous;
      for (const key of MOCK_BODIES) next = setAt(next, [key], undefined);
      return setAt(next, ['proxy'], { upstream: upstreamIds[0] ?? '' });
    });
    restart();
  };
  const target = (kind: 'upstream' | 'url') => {
    setDraft((previous) => {
      const without = setAt(setAt(previous, ['proxy', 'upstream'], undefined), ['proxy', 'url'], undefined);
      return setAt(without, ['proxy', kind], kind === 'upstream' ? (upstreamIds[0] ?? '') : 'http://127.0.0.1:9000');
    });
    restart();
  };

  return (
    <fieldset className="editor-block" data-block="answer-with">
      <legend>Answer with</legend>
      <div className="field-row" role="radiogroup" aria-label="Answer with">
        <label className="checkbox">
          <input type="radio" name="answer-with" checked={proxy === undefined} onChange={() => answerWith('mock')} />
          Mock
        </label>
        <label className="checkbox">
          <input type="radio" name="answer-with" checked={proxy !== undefined} onChange={() => answerWith('proxy')} />
          Proxy to a backend
        </label>
      </div>
      {proxy !== undefined && (
        <>
          <div className="field-row">
            <label>
              Forward to
              <select aria-label="Forward to" value={byUrl ? 'url' : 'upstream'} onChange={(e) => target(e.target.value as 'upstream' | 'url')}>
                <option value="upstream">an upstream</option>
                <option value="url">a URL</option>
              </select>
            </label>
            {byUrl ? (
              <label className="grow">
                Backend URL
                <input
                  aria-label="Backend URL"
                  value={toInput(proxy.url)}
                  placeholder="http://127.0.0.1:9000"
                  onChange={(e) => update(['proxy', 'url'], e.target.value)}
                />
              </label>
            ) : (
              <label>
                Upstream
                <select aria-label="Upstream" value={toInput(proxy.upstream)} onChange={(e) => update(['proxy', 'upstream'], e.target.value)}>
                  {!upstreamIds.includes(toInput(proxy.upstream)) && <option value={toInput(proxy.upstream)}>{toInput(proxy.upstream) || '(choose)'}</option>}
                  {upstreamIds.map((id) => (
                    <option key={id} value={id}>
                      {id}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          {issueFor('proxy.upstream')}
          {issueFor('proxy.url')}
          {!byUrl && upstreamIds.length === 0 && (
            <p className="muted">No upstream is configured: add one under upstreams: in the config, or forward to a URL.</p>
          )}
          <div className="field-row">
            <label>
              Strip prefix
              <input
                aria-label="Strip prefix"
                value={toInput(proxy.stripPrefix)}
                placeholder="/api"
                onChange={(e) => update(['proxy', 'stripPrefix'], e.target.value || undefined)}
              />
            </label>
            <label>
              Timeout
              <input
                aria-label="Proxy timeout"
                value={toInput(proxy.timeout)}
                placeholder="e.g. 2s"
                onChange={(e) => update(['proxy', 'timeout'], e.target.value || undefined)}
              />
            </label>
            <label>
              Latency
              <select
                aria-label="Latency mode"
                value={latency?.mode === 'total' ? 'total' : 'add'}
                onChange={(e) => update(['latency', 'mode'], e.target.value === 'total' ? 'total' : undefined)}
                disabled={latency === undefined}
                title={latency === undefined ? 'Set a latency below first' : undefined}
              >
                <option value="add">adds to the backend’s time</option>
                <option value="total">counts the backend’s time (total)</option>
              </select>
            </label>
          </div>
          {issueFor('proxy.stripPrefix')}
          {issueFor('proxy.timeout')}
          {issueFor('latency.mode')}
          <PairsEditor label="Set request header" value={headers.set as Draft | undefined} onChange={(set) => update(['proxy', 'headers', 'set'], set)} />
          <label>
            Remove request headers
            <input
              aria-label="Remove request headers"
              value={Array.isArray(headers.remove) ? headers.remove.join(', ') : ''}
              placeholder="cookie, authorization"
              onChange={(e) => {
                const names = e.target.value
                  .split(',')
                  .map((name) => name.trim())
                  .filter((name) => name !== '');
                update(['proxy', 'headers', 'remove'], names.length === 0 ? undefined : names);
              }}
            />
          </label>
          {issueFor('proxy.headers')}
          {issueFor('proxy')}
        </>
      )}
    </fieldset>
  );
}
