import type { SloStatus } from '../../contract/index.js';
import type { EventCount } from './event-ring.js';

/** What identifies an objective's row, without its counts. */
type RowHead = Pick<SloStatus, 'kind' | 'id' | 'objective' | 'target' | 'thresholdMs' | 'windowSeconds'>;

// `|| 0`: a budget spent to the last request reads 0, not -0.
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places || 0;

/** The burn rate of a span: its bad share over the budget's share (1 spends the budget exactly over the window). */
const burnRate = (count: EventCount, target: number) => (count.requests === 0 ? 0 : round(count.bad / count.requests / (1 - target), 4));

/** An objective's row of `/api/metrics` from its counts: SLI, budget left and burn rates are computed here only. */
export function sloRow(head: RowHead, window: EventCount, lastHour: EventCount, lastSixHours: EventCount): SloStatus {
  const badShare = window.requests === 0 ? 0 : window.bad / window.requests;
  return {
    kind: head.kind,
    id: head.id,
    objective: head.objective,
    target: head.target,
    ...(head.thresholdMs === undefined ? {} : { thresholdMs: head.thresholdMs }),
    windowSeconds: head.windowSeconds,
    requests: window.requests,
    bad: window.bad,
    ...(window.requests === 0 ? {} : { sli: round(1 - badShare, 6) }),
    errorBudgetRemaining: round(1 - badShare / (1 - head.target), 4),
    burnRate: { '1h': burnRate(lastHour, head.target), '6h': burnRate(lastSixHours, head.target) },
    recent: { '1h': { requests: lastHour.requests, bad: lastHour.bad }, '6h': { requests: lastSixHours.requests, bad: lastSixHours.bad } },
  };
}

/** The rows of several processes (`serve --workers`) as one: counts are summed, the ratios computed again (exact). */
export function mergeSloRows(parts: readonly (readonly SloStatus[])[]): SloStatus[] {
  const merged = new Map<string, { head: SloStatus; window: EventCount; hour: EventCount; sixHours: EventCount }>();
  const add = (into: EventCount, from: EventCount) => {
    into.requests += from.requests;
    into.bad += from.bad;
  };
  for (const rows of parts) {
    for (const row of rows) {
      const key = `${row.kind}\u0000${row.id}\u0000${row.objective}`;
      let sum = merged.get(key);
      if (sum === undefined) {
        sum = { head: row, window: { requests: 0, bad: 0 }, hour: { requests: 0, bad: 0 }, sixHours: { requests: 0, bad: 0 } };
        merged.set(key, sum);
      }
      add(sum.window, row);
      add(sum.hour, row.recent['1h']);
      add(sum.sixHours, row.recent['6h']);
    }
  }
  return [...merged.values()].map(({ head, window, hour, sixHours }) => sloRow(head, window, hour, sixHours));
}
