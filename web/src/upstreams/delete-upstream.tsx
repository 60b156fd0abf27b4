import { useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { ConfigIssueBody, Problem } from '../../../src/contract/index.ts';

type Step = { kind: 'idle' } | { kind: 'confirming' } | { kind: 'refused'; problem: Problem };

/**
 * Deletes an upstream after asking. While an endpoint (or `server.unmatched`) still forwards to
 * it, the API answers 409 UPSTREAM_IN_USE with each place: they are listed, each endpoint linked
 * to its editor, so the user can point them elsewhere first.
 */
export function DeleteUpstream({ client, id, onDeleted }: { client: AdminClient; id: string; onDeleted: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [deleting, setDeleting] = useState(false);
  const remove = async () => {
    setDeleting(true);
    const result = await client.send('DELETE', `/api/upstreams/${encodeURIComponent(id)}`);
    setDeleting(false);
    if (result.ok) {
      setStep({ kind: 'idle' });
      return onDeleted();
    }
    setStep({ kind: 'refused', problem: result.problem });
  };
  if (step.kind === 'idle')
    return (
      <button type="button" className="danger" aria-label={`Delete upstream ${id}`} onClick={() => setStep({ kind: 'confirming' })}>
        Delete
      </button>
    );
  return (
    <div className="delete-upstream" role="group" aria-label={`Delete upstream ${id}`}>
      {step.kind === 'confirming' ? (
        <p>Delete upstream {id}? Nothing can forward to it afterwards (a version is kept, so it can be restored).</p>
      ) : (
        <div role="alert" className="issue" data-refusal={step.problem.code}>
          <p>
            Not deleted: {step.problem.title}. {step.problem.detail}
          </p>
          {(step.problem.issues?.length ?? 0) > 0 && (
            <ul className="places" aria-label={`Places that use ${id}`}>
              {step.problem.issues?.map((place, i) => (
                <li key={i} data-path={place.path}>
                  <Place place={place} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <button type="button" className="danger" disabled={deleting} onClick={() => void remove()}>
        {step.kind === 'confirming' ? `Delete ${id}` : 'Try again'}
      </button>{' '}
      <button type="button" onClick={() => setStep({ kind: 'idle' })}>
        Cancel
      </button>
    </div>
  );
}

/** One place that uses the upstream: the endpoint (a link to its editor) and the path inside the config. */
function Place({ place }: { place: ConfigIssueBody }) {
  return place.id === undefined ? (
    <code>{place.path}</code>
  ) : (
    <>
      endpoint <a href={`#/endpoints/${encodeURIComponent(place.id)}/edit`}>{place.id}</a> at <code>{place.path}</code>
    </>
  );
}
