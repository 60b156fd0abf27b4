import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/mimicus-dashboard.json'), 'utf8')) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
};
const alerts = parse(readFileSync(join(root, 'deploy/prometheus/alerts.yaml'), 'utf8')) as {
  groups: { name: string; rules: { alert: string; expr: string }[] }[];
};
const rule = (name: string) =>
  alerts.groups
    .flatMap((group) => group.rules)
    .find((r) => r.alert === name)!
    .expr.replace(/\s+/g, ' ')
    .trim();

describe('the SLO alert rules and dashboard row', () => {
  it('alert on fast burn over 1 h and 5 m at 14.4×, and on slow burn over 6 h and 30 m at 6×, from the counters', () => {
    for (const [name, long, short, factor] of [
      ['MimicusSloFastBurn', '1h', '5m', '14.4'],
      ['MimicusSloSlowBurn', '6h', '30m', '6'],
    ] as const) {
      const expr = rule(name);
      for (const window of [long, short]) {
        expect(expr).toContain(`rate(mimicus_slo_errors_total[${window}])`);
        expect(expr).toContain(`rate(mimicus_slo_requests_total[${window}])`);
      }
      expect(
        expr.split(`> on (instance, kind, id, objective) (${factor} * (1 - max by (instance, kind, id, objective) (mimicus_slo_objective_ratio)))`),
      ).toHaveLength(3);
      expect(expr).toContain(' and on (instance, kind, id, objective) ');
    }
  });

  it('the dashboard has an SLO row: a status table (SLI, target, budget, burn 1h/6h), burn rate and budget over time', () => {
    const titles = dashboard.panels.map((panel) => panel.title);
    expect(titles).toContain('SLOs (slo: on endpoints and upstreams)');
    const table = dashboard.panels.find((panel) => panel.type === 'table' && panel.title.startsWith('SLO status'))!;
    const exprs = table.targets!.map((target) => target.expr).join('\n');
    for (const name of ['mimicus_slo_sli_ratio', 'mimicus_slo_objective_ratio', 'mimicus_slo_error_budget_remaining_ratio', 'window="1h"', 'window="6h"'])
      expect(exprs).toContain(name);
    expect(titles).toEqual(expect.arrayContaining(['SLO burn rate (1 h, from the counters)', 'SLO error budget left']));
  });
});
