import type { SloStatus } from '../../../src/contract/index.ts';

const percent = (share: number, digits = 3) => `${(share * 100).toFixed(digits).replace(/\.?0+$/, '')}%`;
const days = (seconds: number) => (seconds % 86_400 === 0 ? `${seconds / 86_400}d` : `${seconds / 3600}h`);

/** What an objective promises: `availability ≥ 99.9%` or `99% ≤ 300 ms`. */
function describeTarget(row: SloStatus): string {
  return row.thresholdMs === undefined ? `≥ ${percent(row.target)}` : `${percent(row.target)} ≤ ${row.thresholdMs} ms`;
}

/** How fast the budget burns: the alerts page at 14.4 (1 h) and 6 (6 h). */
const burnClass = (rate: number, pageAt: number) => (rate >= pageAt ? 'burn-fast' : rate > 1 ? 'burn-over' : undefined);

/**
 * The `slo:` objectives of endpoints and upstreams from `GET /api/metrics`: SLI and budget left over
 * each SLO's window, burn rate over the last 1 h and 6 h (docs/slo.md).
 */
export function SloTable({ slos }: { slos: readonly SloStatus[] }) {
  return (
    <div className="panel slo-panel">
      <h2>SLOs</h2>
      <table className="slo-table">
        <thead>
          <tr>
            <th scope="col">SLO</th>
            <th scope="col">Objective</th>
            <th scope="col" className="number">
              SLI
            </th>
            <th scope="col" className="number">
              Target
            </th>
            <th scope="col" className="number">
              Budget left
            </th>
            <th scope="col" className="number">
              Burn 1h
            </th>
            <th scope="col" className="number">
              Burn 6h
            </th>
          </tr>
        </thead>
        <tbody>
          {slos.map((row) => (
            <tr key={`${row.kind}:${row.id}:${row.objective}`} data-slo={`${row.kind}:${row.id}:${row.objective}`}>
              <th scope="row">
                {row.kind} <code>{row.id}</code>
              </th>
              <td>
                {row.objective} <span className="muted">over {days(row.windowSeconds)}</span>
              </td>
              <td className="number" data-stat="sli" title={`${row.requests - row.bad} good of ${row.requests}`}>
                {row.sli === undefined ? '–' : percent(row.sli)}
              </td>
              <td className="number" data-stat="target">
                {describeTarget(row)}
              </td>
              <td className={`number ${row.errorBudgetRemaining < 0 ? 'budget-spent' : ''}`} data-stat="budget">
                {percent(row.errorBudgetRemaining, 1)}
              </td>
              <td className={`number ${burnClass(row.burnRate['1h'], 14.4) ?? ''}`} data-stat="burn-1h">
                {row.burnRate['1h'].toFixed(2)}
              </td>
              <td className={`number ${burnClass(row.burnRate['6h'], 6) ?? ''}`} data-stat="burn-6h">
                {row.burnRate['6h'].toFixed(2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
