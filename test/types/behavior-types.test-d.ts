import { expectTypeOf, test } from 'vitest';
import type { FaultConfig, LatencyConfig } from '../../src/config/index.js';

test('behavior types accept what users write', () => {
  expectTypeOf<{ lognormal: { median: '100ms'; sigma: 0.5 }; max: '2s' }>().toExtend<LatencyConfig>();
  expectTypeOf<{ mixture: [{ weight: 0.9; fixed: 10 }, { weight: 0.1; uniform: { min: '1s'; max: '2s' } }] }>().toExtend<LatencyConfig>();
  expectTypeOf<{ rate: 0.1; kind: 'dribble'; chunks: 10; over: '2s' }>().toExtend<FaultConfig>();
  expectTypeOf<{ rate: 0.1; status: 503 }>().toExtend<FaultConfig>();
});
