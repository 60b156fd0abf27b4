import type { ConfigIssue, Endpoint, WorkflowConfig } from '../../config/index.js';
import type { PlanWorkflow } from './types.js';

const BLOCKS = ['latency', 'errors', 'rateLimit', 'bandwidth'] as const;

/**
 * Two workflows that share a member and override the same block with equal precedence: neither
 * wins, so the config must say which. One issue per pair and block, on the later workflow.
 */
export function findOverrideClashes(
  configs: readonly WorkflowConfig[],
  byEndpoint: readonly (readonly PlanWorkflow[])[],
  endpoints: readonly Endpoint[],
): ConfigIssue[] {
  const shared = new Map<string, { earlier: PlanWorkflow; later: PlanWorkflow; block: string; endpointIds: string[] }>();
  byEndpoint.forEach((workflows, endpointIndex) => {
    for (const [i, a] of workflows.entries()) {
      for (const b of workflows.slice(i + 1)) {
        if (a.precedence !== b.precedence) continue;
        const [earlier, later] = a.index < b.index ? [a, b] : [b, a];
        for (const block of BLOCKS) {
          if (configs[earlier.index]!.overrides?.[block] === undefined || configs[later.index]!.overrides?.[block] === undefined) continue;
          const key = `${earlier.index}:${later.index}:${block}`;
          const entry = shared.get(key) ?? { earlier, later, block, endpointIds: [] };
          entry.endpointIds.push(endpoints[endpointIndex]!.id);
          shared.set(key, entry);
        }
      }
    }
  });
  return [...shared.values()].map(({ earlier, later, block, endpointIds }) => ({
    path: `workflows[${later.index}].overrides.${block}`,
    message:
      `clashes with workflow "${earlier.id}" on ${endpointIds.length === 1 ? 'endpoint' : 'endpoints'} ${endpointIds.map((id) => `"${id}"`).join(', ')}: ` +
      `both override ${block} with precedence ${later.precedence}; give the one that should win a higher precedence`,
    related: [{ path: `workflows[${earlier.index}].overrides.${block}` }],
    code: 'conflict' as const,
  }));
}
