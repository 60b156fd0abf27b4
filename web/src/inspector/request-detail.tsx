import { useEffect, useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { Headers as HeaderValues, JournalBody, JournalEntry as JournalDetail } from '../../../src/contract/index.ts';
import { NearMisses } from './near-misses.tsx';
import './inspector.css';

function Body({ body }: { body: JournalBody | undefined }) {
  if (!body) return <p className="muted">no body</p>;
  return (
    <>
      <pre>{body.encoding === 'utf8' ? body.data : `(${body.encoding}) ${body.data}`}</pre>
      <p className="muted">
        {body.sizeBytes} bytes{body.truncated ? ', truncated' : ''}
      </p>
    </>
  );
}

/** A repeated header (several `set-cookie`s) comes as a list: one line per value. */
function Headers({ headers }: { headers: HeaderValues }) {
  return (
    <dl className="headers">
      {Object.entries(headers).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((one, i) => (
          <div key={`${name}-${i}`}>
            <dt>{name}</dt>
            <dd>{one}</dd>
          </div>
        )),
      )}
    </dl>
  );
}

/** One journal entry: what was asked, what was answered and which behaviors shaped the answer. */
export function RequestDetail({ client, id, onClose }: { client: AdminClient; id: string; onClose: () => void }) {
  const [detail, setDetail] = useState<JournalDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setDetail(undefined);
    void client.get<JournalDetail>(`/api/requests/${encodeURIComponent(id)}`).then((result) => {
      if (result.ok) setDetail(result.value);
      else setError(result.problem.detail ?? result.problem.title);
    });
  }, [client, id]);

  return (
    <aside className="detail panel" aria-label="Request detail">
      <div className="page-head">
        <h2>Request {id}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {error && <p className="issue">{error}</p>}
      {detail && (
        <>
          <p>
            <strong>
              {detail.method} {detail.url}
            </strong>{' '}
            → {detail.status} in {detail.durationMs.toFixed(1)} ms {detail.endpointId ? `by ${detail.endpointId}` : '(unmatched)'}
          </p>
          <h3>Applied</h3>
          <dl className="applied">
            <dt>Delay</dt>
            <dd>{detail.applied.delayMs.toFixed(1)} ms</dd>
            <dt>Fault</dt>
            <dd>{detail.applied.fault ?? 'none'}</dd>
            <dt>Variant</dt>
            <dd>{detail.applied.variant ?? '–'}</dd>
            <dt>Window</dt>
            <dd>{detail.applied.window ?? '–'}</dd>
            {detail.applied.rateLimited && (
              <>
                <dt>Rate limit</dt>
                <dd>refused</dd>
              </>
            )}
            {detail.applied.nearMisses !== undefined && (
              <>
                <dt>Near misses</dt>
                <dd>{detail.applied.nearMisses}</dd>
              </>
            )}
            {detail.applied.stateChanges && (
              <>
                <dt>State writes</dt>
                <dd>{detail.applied.stateChanges.length}</dd>
              </>
            )}
          </dl>
          {!detail.matched && <NearMisses client={client} detail={detail} />}
          <h3>Request</h3>
          <Headers headers={detail.request.headers} />
          <Body body={detail.request.body} />
          <h3>Response</h3>
          <Headers headers={detail.response.headers} />
          <Body body={detail.response.body} />
        </>
      )}
    </aside>
  );
}
