import type { TargetState } from '../target-state.js';
import type { Balancer } from './balancer.js';
import { hashString } from './hash-string.js';

/**
 * A hash ring with `virtualNodes` points per unit of weight for each target (named by its URL, so
 * the ring does not depend on the order of the list): a key goes to the first point clockwise
 * whose target is available. Removing one of N targets moves only the keys it held, about 1/N.
 * A request without a key (no such header) goes to the first available target of a fixed point.
 */
export function consistentHash(targets: readonly TargetState[], virtualNodes: number): Balancer {
  const points: { hash: number; target: TargetState }[] = [];
  for (const target of targets) {
    const count = Math.max(1, Math.round(virtualNodes * target.weight));
    for (let v = 0; v < count; v++) points.push({ hash: hashString(`${target.spec.url}#${v}`), target });
  }
  points.sort((a, b) => a.hash - b.hash || (a.target.spec.url < b.target.spec.url ? -1 : 1));
  const hashes = Uint32Array.from(points, (point) => point.hash);
  const owners = points.map((point) => point.target);

  return {
    pick(available, key) {
      if (available.length === 0 || owners.length === 0) return undefined;
      const hash = hashString(key ?? '');
      // First point at or after the hash (binary search), then clockwise past unavailable targets.
      let low = 0;
      let high = hashes.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (hashes[mid]! < hash) low = mid + 1;
        else high = mid;
      }
      for (let step = 0; step < owners.length; step++) {
        const owner = owners[(low + step) % owners.length]!;
        if (owner.available && !owner.draining) return owner;
      }
      return undefined;
    },
  };
}
