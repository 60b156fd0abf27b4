import { useEffect, useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import { openEventStream } from '../api/event-stream.ts';
import type { MetricsSnapshot } from '../../../src/contract/index.ts';

/** A warning on screen: CPU warnings keyed by threshold (cleared by their event), others until dismissed. */
interface ShownWarning {
  readonly key: string;
  readonly message: string;
}

/**
 * The warnings in force (CPU saturation: latency fidelity at risk, from `GET /api/metrics` and
 * `warning` events), above every page.
 */
export function WarningBanner({ client }: { client: AdminClient }) {
  const [warnings, setWarnings] = useState<readonly ShownWarning[]>([]);

  useEffect(() => {
    let current = true;
    // Metrics may be off (404): then only events bring warnings.
    void client.get<MetricsSnapshot>('/api/metrics').then((result) => {
      if (!current || !result.ok) return;
      const fromSnapshot = result.value.warnings.map((w) => ({ key: `${w.code}:${w.thresholdPercent}`, message: w.message }));
      setWarnings((shown) => [...fromSnapshot, ...shown.filter((w) => !fromSnapshot.some((s) => s.key === w.key))]);
    });
    const stream = openEventStream(
      ['warning'],
      (event) => {
        if (event.type !== 'warning') return;
        const { data } = event;
        const key = data.threshold !== undefined ? `${data.code}:${data.threshold}` : `${data.code}:${event.time}`;
        setWarnings((shown) => {
          const others = shown.filter((w) => w.key !== key);
          return data.state === 'cleared' ? others : [...others, { key, message: data.message ?? data.code ?? 'warning' }];
        });
      },
      () => undefined,
    );
    return () => {
      current = false;
      stream.close();
    };
  }, [client]);

  if (warnings.length === 0) return null;
  return (
    <div className="warning-banner" role="alert">
      {warnings.map((warning) => (
        <p key={warning.key}>
          <strong>Warning:</strong> {warning.message}{' '}
          <button type="button" className="link" onClick={() => setWarnings((shown) => shown.filter((w) => w.key !== warning.key))}>
            Dismiss
          </button>
        </p>
      ))}
    </div>
  );
}
