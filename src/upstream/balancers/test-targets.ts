import type { TargetSpec } from '../../plan/index.js';
import { TargetState } from '../target-state.js';

/** Targets for balancer tests: one per weight, named t0, t1, … */
export function testTargets(weights: readonly number[], now: () => number = () => 0): TargetState[] {
  return weights.map((weight, index) => new TargetState(targetSpec(`http://t${index}:80`, weight), index, now));
}

export function targetSpec(url: string, weight = 1): TargetSpec {
  const parsed = new URL(url);
  return { url, origin: parsed.origin, basePath: '', host: parsed.host, weight };
}
