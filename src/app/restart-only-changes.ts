import { isDeepStrictEqual } from 'node:util';
import type { Config } from '../config/index.js';

/**
 * The settings a running Mimicus reads once, at start (the tracer provider and the access log are
 * wired into the engine then), that differ between two configs: a change to them is served from
 * the next start on, and the log says so rather than pretending it applied.
 */
export function restartOnlyChanges(before: Config, after: Config): string[] {
  const changed: string[] = [];
  if (!isDeepStrictEqual(before.observability?.tracing, after.observability?.tracing)) changed.push('observability.tracing');
  if ((before.observability?.accessLog ?? false) !== (after.observability?.accessLog ?? false)) changed.push('observability.accessLog');
  return changed;
}
