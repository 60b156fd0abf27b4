import type { RefBuild } from './build-ref.js';
import type { Scenario } from './scenario.js';

/**
 * A scenario's Mimicus side measured against itself built from another commit: A is this build,
 * B the ref's, with the same config, request and check. The ratio is the row's cost change.
 */
export function againstScenario(scenario: Scenario, build: RefBuild): Scenario {
  const side = scenario.a;
  if (side.server.kind !== 'mimicus' && side.server.kind !== 'mimicus-file') {
    throw new Error(`throughput ${scenario.name}: side A is not Mimicus, nothing to compare across builds`);
  }
  const short = build.commit.slice(0, 12);
  return {
    name: scenario.name,
    description: `${side.label}: this build (A) against ${build.ref} = ${short} (B), same config and request.`,
    targetRatio: undefined,
    a: { ...side, label: `${side.label} @ this build` },
    b: { ...side, label: `${side.label} @ ${short}`, server: { ...side.server, bin: build.bin } },
  };
}
