import { describe, expect, it } from 'vitest';
import type { Config, Endpoint, WorkflowConfig } from '../../config/index.js';
import { compileEndpointBehaviors } from '../behaviors/compile-behaviors.js';
import { compileRequestMatch } from '../match/index.js';
import type { ResponseCompileContext } from '../responders/compile-response.js';
import { compileWorkflows } from './compile-workflows.js';

const context: ResponseCompileContext = {
  defaultHeaders: undefined,
  readBodyFile: async () => ({ ok: false, error: 'no files here' }),
  compileTemplate: (source) => ({ ok: true, value: Object.assign(() => source, { usesState: false, stateReads: [], workflowReads: [], stateIncrements: [] }) }),
};

async function behaviorsOf(endpoint: Partial<Endpoint>, workflows: readonly WorkflowConfig[], defaults: Config['defaults'] = undefined) {
  const config = {
    version: 2,
    defaults,
    endpoints: [
      { id: 'pay', path: '/pay', response: { status: 200 }, ...endpoint },
      { id: 'other', path: '/other', response: { status: 200 } },
    ],
    workflows,
  } as Config;
  const compiled = compileWorkflows(config, (when, at) => compileRequestMatch(when, { at }));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  const pay = await compileEndpointBehaviors(config, config.endpoints![0]!, 0, compiled.value.byEndpoint[0]!, context);
  const other = await compileEndpointBehaviors(config, config.endpoints![1]!, 1, compiled.value.byEndpoint[1]!, context);
  return { pay, other };
}

describe('workflow overrides in the behavior levels', () => {
  it('sit above defaults and below the endpoint', async () => {
    const { pay } = await behaviorsOf(
      { bandwidth: '2KB/s' },
      [{ id: 'checkout', endpoints: ['pay'], overrides: { latency: { fixed: '20ms' }, bandwidth: '1MB/s' } }],
      { latency: { fixed: '5ms' }, errors: [{ rate: 0.5, status: 503 }] },
    );
    expect(pay.ok).toBe(true);
    if (!pay.ok) return;
    expect(pay.value.base.latency?.label).toBe('fixed(20ms)');
    expect(pay.value.base.bandwidthBytesPerSecond).toBe(2000);
    expect(pay.value.base.faults?.labels).toEqual(['status:503']);
  });

  it('apply the highest precedence first', async () => {
    const { pay } = await behaviorsOf({}, [
      { id: 'low', endpoints: ['pay'], overrides: { latency: { fixed: '10ms' }, bandwidth: '1KB/s' } },
      { id: 'high', endpoints: ['pay'], overrides: { latency: { fixed: '30ms' } }, precedence: 1 },
    ]);
    expect(pay.ok && pay.value.base.latency?.label).toBe('fixed(30ms)');
    expect(pay.ok && pay.value.base.bandwidthBytesPerSecond).toBe(1000);
  });

  it('stay under schedule windows', async () => {
    const { pay } = await behaviorsOf({ schedule: { windows: [{ between: ['09:00', '10:00'], latency: { fixed: '1s' } }] } }, [
      { id: 'checkout', endpoints: ['pay'], overrides: { latency: { fixed: '20ms' }, bandwidth: '1KB/s' } },
    ]);
    expect(pay.ok).toBe(true);
    if (!pay.ok) return;
    expect(pay.value.windows[0]!.behavior.latency?.label).toBe('fixed(1000ms)');
    expect(pay.value.windows[0]!.behavior.bandwidthBytesPerSecond).toBe(1000);
  });

  it('report problems at the workflow block', async () => {
    const { pay } = await behaviorsOf({}, [{ id: 'checkout', endpoints: ['pay'], overrides: { rateLimit: { rate: 'fast' } } }]);
    expect(pay.ok ? [] : pay.error).toEqual([{ path: 'workflows[0].overrides.rateLimit.rate', message: 'expected a rate like "100/s", "6000/m" or "10/h"' }]);
  });
});

describe('a workflow rate limit', () => {
  it('is one spec shared by every member, and keeps members off the passive path', async () => {
    const { pay, other } = await behaviorsOf({}, [{ id: 'checkout', endpoints: ['pay', 'other'], rateLimit: { rate: '5/s' } }]);
    expect(pay.ok && other.ok).toBe(true);
    if (!pay.ok || !other.ok) return;
    expect(pay.value.base.sharedLimits).toHaveLength(1);
    expect(pay.value.base.sharedLimits[0]).toBe(other.value.base.sharedLimits[0]);
    expect(pay.value.base.sharedLimits[0]!.bucket).toBe('workflow:checkout');
    expect(pay.value.base.rateLimit).toBeUndefined();
    expect(pay.value.passive).toBe(false);
  });

  it('leaves endpoints outside workflows passive with no shared limits', async () => {
    const { other } = await behaviorsOf({}, [{ id: 'checkout', endpoints: ['pay'], rateLimit: { rate: '5/s' } }]);
    expect(other.ok && other.value.base.sharedLimits).toEqual([]);
    expect(other.ok && other.value.passive).toBe(true);
  });
});
