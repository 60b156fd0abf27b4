import type { Endpoint as EndpointDefinition, WorkflowConfig } from '../../../src/config/schema.ts';
import { isMemberOf } from '../endpoints/endpoint-facts.ts';

/** A workflow as `GET /api/workflows` lists it: the config's own shape. */
export type Workflow = WorkflowConfig;
export type Transition = NonNullable<WorkflowConfig['states']>['transitions'][number];

/** Member ids, by the server's rule (isMemberOf): the listed ids, or those `match` selects. */
export function membersOf(workflow: Workflow, endpoints: readonly EndpointDefinition[]): string[] {
  return endpoints.filter((endpoint) => isMemberOf(endpoint, workflow)).map((endpoint) => endpoint.id);
}

/** An override block of a workflow that does not apply to a member: the endpoint's own block, or a workflow of higher precedence, wins. */
export interface ShadowedOverride {
  readonly endpoint: string;
  readonly block: string;
  readonly winner: string;
}

export function shadowedOverrides(workflow: Workflow, all: readonly Workflow[], endpoints: readonly EndpointDefinition[]): ShadowedOverride[] {
  const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
  const shadowed: ShadowedOverride[] = [];
  const blocks = Object.keys(workflow.overrides ?? {});
  for (const member of membersOf(workflow, endpoints)) {
    for (const block of blocks) {
      if ((byId.get(member) as Record<string, unknown> | undefined)?.[block] !== undefined) {
        shadowed.push({ endpoint: member, block, winner: `endpoint ${member}'s own ${block}` });
        continue;
      }
      const rival = all.find(
        (other) =>
          other.id !== workflow.id &&
          (other.overrides as Record<string, unknown> | undefined)?.[block] !== undefined &&
          (other.precedence ?? 0) > (workflow.precedence ?? 0) &&
          membersOf(other, endpoints).includes(member),
      );
      if (rival) shadowed.push({ endpoint: member, block, winner: `workflow ${rival.id} (precedence ${rival.precedence ?? 0})` });
    }
  }
  return shadowed;
}
