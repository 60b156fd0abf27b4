import { useState } from 'react';
import type { Endpoint as EndpointDefinition } from '../../../src/config/schema.ts';
import type { EndpointWindowStats as EndpointMetrics } from '../../../src/contract/index.ts';
import { badgesOf, isEnabled, methodsOf } from './endpoint-facts.ts';

const percent = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;

/** One endpoint in the list; Delete asks for confirmation in the row itself (no modal to trap focus). */
export function EndpointRow({
  endpoint,
  metrics,
  onToggle,
  onDuplicate,
  onDelete,
}: {
  endpoint: EndpointDefinition;
  metrics: EndpointMetrics | undefined;
  onToggle: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const enabled = isEnabled(endpoint);
  return (
    <tr data-endpoint={endpoint.id} className={enabled ? undefined : 'disabled'}>
      <td>
        <span className="method">{methodsOf(endpoint)}</span>
      </td>
      <td className="path">{endpoint.path}</td>
      <td>{endpoint.id}</td>
      <td>
        {badgesOf(endpoint).map((badge) => (
          <span key={badge} className={`badge badge-${badge}`}>
            {badge}
          </span>
        ))}
      </td>
      <td className="number">{metrics?.requests ?? 0}</td>
      <td className="number">{metrics && metrics.requests > 0 ? percent(metrics.errorRate) : '–'}</td>
      <td>
        <button type="button" role="switch" aria-checked={enabled} aria-label={`Enabled ${endpoint.id}`} className="switch" onClick={onToggle}>
          {enabled ? 'On' : 'Off'}
        </button>
      </td>
      <td>
        <div className="row-actions">
          {confirming ? (
            <>
              <button type="button" className="danger" onClick={onDelete}>
                Confirm delete
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <>
              <a className="button-link" href={`#/endpoints/${encodeURIComponent(endpoint.id)}/edit`} aria-label={`Edit ${endpoint.id}`}>
                Edit
              </a>
              <button type="button" onClick={onDuplicate} aria-label={`Duplicate ${endpoint.id}`}>
                Duplicate
              </button>
              <button type="button" onClick={() => setConfirming(true)} aria-label={`Delete ${endpoint.id}`}>
                Delete
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}
