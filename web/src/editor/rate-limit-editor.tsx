import type { ReactNode } from 'react';
import { fromInput, toInput, type Draft } from './draft.ts';

/** `rateLimit` (rate, burst, key) and `bandwidth`. */
export function RateLimitEditor({
  draft,
  update,
  issueFor,
}: {
  draft: Draft;
  update: (path: readonly (string | number)[], value: unknown) => void;
  issueFor: (path: string) => ReactNode;
}) {
  const rateLimit = draft.rateLimit as Draft | undefined;
  return (
    <fieldset className="editor-block">
      <legend>Rate limit and bandwidth</legend>
      <div className="field-row">
        <label className="checkbox">
          <input type="checkbox" checked={rateLimit !== undefined} onChange={(e) => update(['rateLimit'], e.target.checked ? { rate: '10/s' } : undefined)} />
          Rate limit
        </label>
        {rateLimit && (
          <>
            <label>
              Rate
              <input value={toInput(rateLimit.rate)} placeholder="100/s" onChange={(e) => update(['rateLimit', 'rate'], e.target.value)} />
            </label>
            <label>
              Burst
              <input value={toInput(rateLimit.burst)} inputMode="numeric" onChange={(e) => update(['rateLimit', 'burst'], fromInput(e.target.value))} />
            </label>
            <label>
              Key
              <input value={toInput(rateLimit.key)} placeholder="endpoint" onChange={(e) => update(['rateLimit', 'key'], e.target.value || undefined)} />
            </label>
          </>
        )}
        <label>
          Bandwidth
          <input value={toInput(draft.bandwidth)} placeholder="e.g. 64KiB/s" onChange={(e) => update(['bandwidth'], e.target.value || undefined)} />
        </label>
      </div>
      {issueFor('rateLimit')}
      {issueFor('bandwidth')}
    </fieldset>
  );
}
