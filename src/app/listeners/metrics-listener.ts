import type { Metrics } from '../../observe/index.js';
import type { ConfigListener } from '../config-listener.js';

/** `mimicus_config_reloads_total{result="applied"|"rejected"}`, from every source; the SLOs follow the Plan that serves. */
export function metricsListener(metrics: Pick<Metrics, 'configChange' | 'trackSlos'>): ConfigListener {
  return {
    name: 'metrics',
    onApplied: (applied) => {
      metrics.trackSlos(applied.plan.slos);
      metrics.configChange('applied');
    },
    onRejected: () => metrics.configChange('rejected'),
  };
}
