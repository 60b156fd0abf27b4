import { useEffect, useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { JournalEntry as JournalDetail, MatchReport } from '../../../src/contract/index.ts';
import { storeEditorDraft } from '../editor/draft-handoff.ts';

/** The journal's body as `POST /api/match` takes it: JSON when it parses, else the text; none when it is bytes or cut short. */
function bodyOf(detail: JournalDetail): unknown {
  const body = detail.request.body;
  if (!body || body.encoding !== 'utf8' || body.truncated || body.data === '') return undefined;
  try {
    return JSON.parse(body.data) as unknown;
  } catch {
    return body.data;
  }
}

/** An id the config accepts, from the request: `GET /orders/42` → `get-orders-42`. */
export function idFromRequest(method: string, path: string): string {
  const words = path
    .split('?')[0]!
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words].join('-').slice(0, 60) || 'new-endpoint';
}

/**
 * For an unmatched request: the endpoints that nearly answered it, asked again of the served
 * config now (`POST /api/match`), and a way to create the endpoint that would have.
 */
export function NearMisses({ client, detail }: { client: AdminClient; detail: JournalDetail }) {
  const [report, setReport] = useState<MatchReport | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    const body = bodyOf(detail);
    const sample = {
      method: detail.method,
      path: detail.url.startsWith('/') ? detail.url : detail.path,
      headers: detail.request.headers,
      ...(body !== undefined ? { body } : {}),
    };
    void client.send<MatchReport>('POST', '/api/match', sample).then((result) => {
      if (!current) return;
      if (result.ok) setReport(result.value);
      else setError(result.problem.detail ?? result.problem.title);
    });
    return () => {
      current = false;
    };
  }, [client, detail]);

  const create = () => {
    const method = detail.method.toUpperCase();
    // The query is not part of an endpoint's path (match.query holds predicates on it).
    const path = detail.path.split('?')[0] || '/';
    storeEditorDraft({ id: idFromRequest(method, path), method, path, response: { status: 200, body: '' } });
    location.hash = '#/endpoints/new';
  };

  return (
    <section className="near-misses" aria-label="Near misses">
      <h3>Near misses</h3>
      {error && <p className="issue">{error}</p>}
      {!report && !error && <p className="muted">asking which endpoints came close…</p>}
      {report?.matched === true && (
        <p className="muted">
          Would match <a href={`#/endpoints/${encodeURIComponent(report.endpoint.id)}/edit`}>{report.endpoint.id}</a> now (the config changed since).
        </p>
      )}
      {report?.matched === false && report.nearMisses.length === 0 && <p className="muted">No endpoint came close.</p>}
      {report?.matched === false && report.nearMisses.length > 0 && (
        <ul className="near-miss-list">
          {report.nearMisses.map((miss) => (
            <li key={miss.endpoint} data-near-miss={miss.endpoint}>
              <a href={`#/endpoints/${encodeURIComponent(miss.endpoint)}/edit`}>{miss.endpoint}</a>{' '}
              <code>
                {miss.method} {miss.path}
              </code>
              <ul>
                {miss.mismatches.map((mismatch, i) => (
                  <li key={i}>
                    <code>{mismatch.part}</code>: expected {mismatch.expected}
                    {mismatch.actual !== undefined && <>, got {mismatch.actual}</>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="primary" onClick={create}>
        Create endpoint from this request
      </button>
    </section>
  );
}
