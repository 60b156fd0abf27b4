import { formatPath, parsePath } from '../config/index.js';
import type { PathSegment } from '../config/index.js';

/**
 * The issue path of a key below `at` (`endpoints[3].latency` + `lognormal`, `p99` →
 * `endpoints[3].latency.lognormal.p99`), quoting keys that are not identifiers (`["p99.9"]`)
 * the same way the config's own issues do, so editors can map it back to a line.
 */
export function childPath(at: string, ...segments: readonly PathSegment[]): string {
  const base = parsePath(at);
  if (base === undefined) return `${at}${formatPath(['_', ...segments]).slice(1)}`;
  return formatPath([...base, ...segments]);
}
