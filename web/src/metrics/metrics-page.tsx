import { useCallback, useEffect, useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import { FidelityChart, formatMs } from './fidelity-chart.tsx';
import { LineChart } from './line-chart.tsx';
import { SloTable } from './slo-table.tsx';
import { addSnapshot, OVERALL, type History, type Sample } from './metrics-history.ts';
import type { LatencyPercentiles as LatencyStats, MetricsSnapshot, WindowName, WindowStats } from '../../../src/contract/index.ts';
import './metrics.css';

/** `/api/metrics` is polled this often (the server's `metrics.tick` events come at the same pace). */
const POLL_MS = 5_000;
/** The window the charts sample: it slides every 10 s, so successive polls differ. */
const CHART_WINDOW = '1m';

const percent = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;
const rate = (rps: number) => `${rps >= 10 ? rps.toFixed(0) : rps.toFixed(2)}/s`;

function TrendCharts({ samples }: { samples: readonly Sample[] }) {
  // Latency is charted over the polls that had completed requests (a fresh server has none yet).
  const timed = samples.filter((s) => s.p50Ms !== undefined);
  return (
    <div className="charts">
      <LineChart title="Requests" format={rate} series={[{ name: 'rps', values: samples.map((s) => s.rps), className: 'series-rps' }]} />
      <LineChart title="Errors" format={percent} series={[{ name: 'rate', values: samples.map((s) => s.errorRate), className: 'series-errors' }]} />
      <LineChart
        title="Observed latency"
        format={formatMs}
        series={[
          { name: 'p50', values: timed.map((s) => s.p50Ms!), className: 'series-p50' },
          { name: 'p95', values: timed.map((s) => s.p95Ms!), className: 'series-p95' },
          { name: 'p99', values: timed.map((s) => s.p99Ms!), className: 'series-p99' },
        ]}
      />
    </div>
  );
}

function LatencyTable({
  intended,
  observed,
  answered,
}: {
  intended: LatencyStats | undefined;
  observed: LatencyStats | undefined;
  answered?: LatencyStats | undefined;
}) {
  // "answered" leaves out 429s, faults and unmatched 404s, which take microseconds and pull "observed" down.
  const rows = (
    [
      ['intended', intended],
      ['observed', observed],
      ['answered', answered],
    ] as const
  ).flatMap(([name, stats]) => (stats ? [[name, stats] as const] : []));
  if (rows.length === 0) return <p className="muted">No completed requests in this window.</p>;
  return (
    <table className="latency-table">
      <thead>
        <tr>
          <th scope="col">Latency</th>
          <th scope="col" className="number">
            p50
          </th>
          <th scope="col" className="number">
            p95
          </th>
          <th scope="col" className="number">
            p99
          </th>
          <th scope="col" className="number">
            max
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, stats]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="number" data-stat={`${name}-p50`} data-ms={stats.p50Ms}>
              {formatMs(stats.p50Ms)}
            </td>
            <td className="number" data-stat={`${name}-p95`} data-ms={stats.p95Ms}>
              {formatMs(stats.p95Ms)}
            </td>
            <td className="number" data-stat={`${name}-p99`} data-ms={stats.p99Ms}>
              {formatMs(stats.p99Ms)}
            </td>
            <td className="number">{formatMs(stats.maxMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Totals({ stats, currentRps, seconds }: { stats: WindowStats; currentRps: number; seconds: number }) {
  const { answered, rateLimited, faulted, unmatched } = stats.outcomes;
  return (
    <dl className="facts totals">
      <dt>Requests</dt>
      <dd data-stat="requests">{stats.requests}</dd>
      <dt>Rate</dt>
      <dd>
        <strong data-stat="current-rps">{rate(currentRps)}</strong> now (last {seconds} s) · <span data-stat="window-rps">{rate(stats.rps)}</span> window
        average
      </dd>
      <dt>Errors</dt>
      <dd>
        {stats.errors} ({stats.requests > 0 ? percent(stats.errorRate) : '–'})
      </dd>
      <dt>Rate limited (429)</dt>
      <dd data-stat="rate-limited">
        {rateLimited} ({stats.requests > 0 ? percent(rateLimited / stats.requests) : '–'})
      </dd>
      <dt>Outcomes</dt>
      <dd data-stat="outcomes">
        answered {answered}, rate-limited {rateLimited}, faulted {faulted}, unmatched {unmatched}
      </dd>
      <dt>Statuses</dt>
      <dd>
        {Object.entries(stats.statuses)
          .map(([status, count]) => `${status}: ${count}`)
          .join(', ') || '–'}
      </dd>
    </dl>
  );
}

/**
 * Traffic and latency fidelity from `GET /api/metrics`, polled every 5 s: overall and per
 * endpoint rps, error rate and observed percentiles over time (the last 30 polls, kept here), and
 * intended vs observed latency per endpoint.
 */
export function MetricsPage({ client }: { client: AdminClient }) {
  const [snapshot, setSnapshot] = useState<MetricsSnapshot | undefined>();
  const [history, setHistory] = useState<History>(new Map());
  const [window, setWindow] = useState<WindowName>('1m');
  const [error, setError] = useState<string | undefined>();

  const poll = useCallback(async () => {
    const result = await client.get<MetricsSnapshot>('/api/metrics');
    if (!result.ok) return setError(result.problem.detail ?? result.problem.title);
    setError(undefined);
    setSnapshot(result.value);
    setHistory((previous) => addSnapshot(previous, result.value, CHART_WINDOW));
  }, [client]);

  useEffect(() => {
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [poll]);

  const shown = snapshot?.windows[window];

  return (
    <section aria-labelledby="metrics-title">
      <div className="page-head">
        <h1 id="metrics-title">Metrics</h1>
        <label className="inline">
          Window
          <select value={window} onChange={(e) => setWindow(e.target.value as WindowName)}>
            <option value="1m">last minute</option>
            <option value="5m">last 5 minutes</option>
          </select>
        </label>
        <button type="button" onClick={() => void poll()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="issue" role="alert">
          {error}
        </p>
      )}
      {snapshot === undefined || shown === undefined ? (
        !error && <p>Loading…</p>
      ) : (
        <>
          <p className="muted">
            Updated <time dateTime={snapshot.generatedAt}>{new Date(snapshot.generatedAt).toLocaleTimeString()}</time>; charts: the {CHART_WINDOW} window at
            each of the last {history.get(OVERALL)?.length ?? 0} polls (every {POLL_MS / 1000} s)
            {snapshot.process && (
              <>
                ; Mimicus uses {snapshot.process.cpuPercent.toFixed(0)}% of a core, event loop {(snapshot.process.elu * 100).toFixed(0)}% busy
              </>
            )}
            .
          </p>
          <div className="panel metrics-overall" data-endpoint={OVERALL}>
            <h2>All endpoints</h2>
            <Totals stats={shown.overall} currentRps={snapshot.current.rps} seconds={snapshot.current.seconds} />
            <TrendCharts samples={history.get(OVERALL) ?? []} />
          </div>
          {snapshot.slos && <SloTable slos={snapshot.slos} />}
          {shown.endpoints.length === 0 && <p>No requests in this window.</p>}
          {shown.endpoints.map((stats) => (
            <div key={stats.endpoint} className="panel metrics-endpoint" data-endpoint={stats.endpoint}>
              <h2>
                <code>{stats.endpoint}</code>
              </h2>
              <div className="endpoint-metrics">
                <div>
                  <Totals
                    stats={stats}
                    currentRps={snapshot.current.endpoints.find((e) => e.endpoint === stats.endpoint)?.rps ?? 0}
                    seconds={snapshot.current.seconds}
                  />
                  <LatencyTable intended={stats.intended} observed={stats.observed} answered={stats.answered} />
                </div>
                <div>
                  <h3>
                    Intended <span className="key intended" /> vs observed <span className="key observed" /> latency
                  </h3>
                  {stats.intended && stats.observed ? (
                    <FidelityChart endpoint={stats.endpoint} intended={stats.intended} observed={stats.observed} />
                  ) : (
                    <p className="muted">{stats.observed ? 'No delay was sampled for these requests.' : 'No completed requests in this window.'}</p>
                  )}
                </div>
              </div>
              <TrendCharts samples={history.get(stats.endpoint) ?? []} />
            </div>
          ))}
        </>
      )}
    </section>
  );
}
