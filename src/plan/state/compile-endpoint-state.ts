import { parseDurationMs, type ConfigIssue, type Endpoint, type Result, type StateScope } from '../../config/index.js';
import type { ResponseCompileContext } from '../responders/compile-response.js';
import type { EndpointState, SetAction } from './types.js';

/**
 * Compiles an endpoint's `state:` block: its scope (the endpoint's own, else `state.scope` of the
 * config, else global) and its actions. String values of `set` that contain `{{` are templates,
 * rendered with the request (and the state view) when the actions apply.
 */
export function compileEndpointState(
  endpoint: Endpoint,
  defaultScope: StateScope | undefined,
  at: string,
  context: ResponseCompileContext,
): Result<EndpointState, ConfigIssue[]> {
  const block = endpoint.state;
  const scope = block?.scope ?? defaultScope ?? 'global';
  if (
    block === undefined ||
    (block.set === undefined && block.inc === undefined && block.delete === undefined && block.ttl === undefined && block.session === undefined)
  ) {
    return { ok: true, value: { scope, actions: undefined } };
  }
  const issues: ConfigIssue[] = [];
  const set: SetAction[] = [];
  for (const [name, value] of Object.entries(block.set ?? {})) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || !value.includes('{{')) {
      set.push({ name, value, render: undefined });
      continue;
    }
    const compiled = context.compileTemplate(value);
    if (compiled.ok) set.push({ name, value, render: compiled.value });
    else issues.push({ path: `${at}.state.set.${name}`, message: `template does not compile: ${compiled.error.message}` });
  }
  const inc = Array.isArray(block.inc) ? block.inc.map((name) => ({ name, by: 1 })) : Object.entries(block.inc ?? {}).map(([name, by]) => ({ name, by }));
  for (const { name, by } of inc) {
    if (!Number.isSafeInteger(by)) issues.push({ path: `${at}.state.inc.${name}`, message: 'must be a safe integer' });
  }
  const deleted = block.delete ?? [];
  const written = [...set.map((action) => action.name), ...inc.map((action) => action.name)];
  for (const name of deleted) {
    if (written.includes(name))
      issues.push({ path: `${at}.state.delete`, message: `"${name}" is also set or incremented by this endpoint; do one or the other` });
  }
  const ttlMs = block.ttl === undefined ? undefined : parseDurationMs(block.ttl);
  if (ttlMs !== undefined && (ttlMs <= 0 || set.length === 0)) {
    issues.push({ path: `${at}.state.ttl`, message: ttlMs <= 0 ? 'must be longer than 0' : 'applies to the keys of state.set, and this endpoint sets none' });
  }
  if (issues.length > 0) return { ok: false, error: issues };
  return { ok: true, value: { scope, actions: { set, inc, delete: deleted, ttlMs, session: block.session } } };
}
