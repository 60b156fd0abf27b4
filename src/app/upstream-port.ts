import type { UpstreamPort } from '../control/index.js';
import type { Forwarder, UpstreamRegistry } from '../upstream/index.js';
import type { UpstreamStatus } from '../contract/index.js';

/** The admin API's view of the upstreams: the registry's state with each target's circuit breaker, drain and enable, breaker reset. */
export function upstreamPort(registry: UpstreamRegistry, forwarder: Forwarder): UpstreamPort {
  const withBreakers = (status: UpstreamStatus): UpstreamStatus => {
    const states = forwarder.breakerStates?.(status.id);
    if (states === undefined || states.size === 0) return status;
    return { ...status, targets: status.targets.map((target) => ({ ...target, breaker: states.get(target.url) ?? 'closed' })) };
  };
  return {
    list: () => registry.status().map(withBreakers),
    setDrained(id, index, drained) {
      const status = registry.setDrained(id, index, drained);
      return typeof status === 'string' ? status : withBreakers(status);
    },
    resetBreakers(id) {
      if (forwarder.resetBreakers?.(id) === undefined) return 'no-upstream';
      return (
        registry
          .status()
          .map(withBreakers)
          .find((upstream) => upstream.id === id) ?? 'no-upstream'
      );
    },
  };
}
