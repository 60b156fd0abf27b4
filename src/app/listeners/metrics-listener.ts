import type { Metrics } from '../../observe/index.js';
import type { ConfigListener } from '../config-listener.js';

/** `mimicus_config_reloads_total{result="applied"|"rejected"}`, from every source. */
export function metricsListener(metrics: Pick<Metrics, 'configChange'>): ConfigListener {
  return {
    name: 'metrics',
    onApplied: () => metrics.configChange('applied'),
    onRejected: () => metrics.configChange('rejected'),
  };
}
