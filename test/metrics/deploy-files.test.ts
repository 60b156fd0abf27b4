import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mimicusMetricNames } from '../../src/observe/index.js';
import { startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';

const root = join(import.meta.dirname, '..', '..');
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/mimicus-dashboard.json'), 'utf8')) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
  templating: { list: { definition?: string }[] };
};
const alerts = parse(readFileSync(join(root, 'deploy/prometheus/alerts.yaml'), 'utf8')) as {
  groups: { name: string; rules: { alert: string; expr: string; for?: string }[] }[];
};

const dashboardExpressions = [
  ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
  ...dashboard.templating.list.flatMap((variable) => (variable.definition ? [variable.definition] : [])),
];
const alertRules = alerts.groups.flatMap((group) => group.rules);

/** Metric names in a PromQL expression: identifiers outside strings and label matchers, of the metric families we export. */
function metricNamesIn(expression: string): string[] {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  return [...withoutStrings.matchAll(/(?<![a-zA-Z0-9_:])((?:mimicus|process|nodejs)_[a-zA-Z0-9_:]*)/g)].map((match) => match[1]!);
}

let mimicus: AdminHarness;
let exposed: Set<string>;
beforeAll(async () => {
  mimicus = await startWithAdmin('version: 2\nendpoints: [ { id: hello, path: /hello, response: { body: hi } } ]\n');
  await (await fetch(`${mimicus.url}/hello`)).text();
  const text = await (await mimicus.api('/metrics')).text();
  exposed = new Set([...text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/gm)].map((match) => match[1]!));
});
afterAll(() => mimicus.close());

describe('deploy/grafana/mimicus-dashboard.json and deploy/prometheus/alerts.yaml', () => {
  it('the dashboard covers throughput, errors, intended vs observed latency, faults, rate limiting and CPU/ELU', () => {
    const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join(' | ');
    for (const topic of ['throughput', 'error rate', 'intended vs observed', 'faults', 'rate-limited', 'cpu', 'event loop', 'upstream'])
      expect(titles).toContain(topic);
    const used = new Set(dashboardExpressions.flatMap(metricNamesIn));
    for (const name of [
      'mimicus_requests_total',
      'mimicus_injected_delay_seconds_bucket',
      'mimicus_request_duration_seconds_bucket',
      'mimicus_faults_total',
      'mimicus_rate_limited_total',
      'mimicus_event_loop_utilization',
      'mimicus_cpu_percent',
      'mimicus_upstream_requests_total',
      'mimicus_upstream_duration_seconds_bucket',
      'mimicus_upstream_healthy_targets',
    ]) {
      expect(used, name).toContain(name);
    }
  });

  it('the alerts cover error rate > 5%, p95 > 1 s, CPU > 80% and rejected config changes', () => {
    const byName = Object.fromEntries(alertRules.map((rule) => [rule.alert, rule.expr.replace(/\s+/g, ' ').trim()]));
    expect(byName.MimicusErrorRateHigh).toMatch(/status=~"5\.\."\}.*> 0\.05$/);
    expect(byName.MimicusP95LatencyHigh).toMatch(/^histogram_quantile\(0\.95, .*mimicus_request_duration_seconds_bucket.*> 1$/);
    expect(byName.MimicusCpuHigh).toMatch(/mimicus_cpu_percent.*> 80$/);
    expect(byName.MimicusConfigRejected).toMatch(/mimicus_config_reloads_total\{result="rejected"\}.*> 0$/);
    expect(byName.MimicusUpstreamNoHealthyTarget).toMatch(/mimicus_upstream_healthy_targets.*== 0$/);
    expect(byName.MimicusUpstreamAvailabilityLow).toMatch(/mimicus_upstream_requests_total\{outcome="complete"\}.*< 0\.9$/);
  });

  it('use only metrics Mimicus exports: mimicus_* from the metric definitions, process_*/nodejs_* from a live /metrics', () => {
    const known = mimicusMetricNames();
    const used = [...dashboardExpressions, ...alertRules.map((rule) => rule.expr)].flatMap(metricNamesIn);
    expect(new Set(used).size).toBeGreaterThanOrEqual(10);
    for (const name of used) {
      if (name.startsWith('mimicus_')) expect(known, name).toContain(name);
      else expect(exposed, name).toContain(name);
    }
  });
});
