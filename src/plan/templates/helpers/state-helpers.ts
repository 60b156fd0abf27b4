/**
 * State from templates, read and written through the request's StateView (engine/state):
 *   {{state.get "cart"}}                      a value (objects and lists as they are: use json, each)
 *   {{state.set "user" request.body.name}}    writes after the response is produced; renders nothing
 *   {{state.set "token" (uuid) ttl="30m"}}      …and the key expires 30 minutes after (a duration or ms)
 *   {{state.inc "visits"}}                    adds 1 (or `by=`) atomically; renders the new value
 *   {{state.delete "cart"}}                   renders nothing
 *   {{sequence "orders" start=1000}}          the next number of a named counter, unique under concurrency
 *   {{sequence "step" per=request.params.id}}  …one counter per value (stored as `step[42]`): each job counts on its own
 *   {{workflowState}}, {{workflowState "checkout"}}   a workflow's current state (the endpoint's own, or the named one)
 * Each takes `scope="global|session|client|endpoint"`; the default is the endpoint's scope.
 * Writes commit together after rendering, all or none; a value set to nothing removes the key.
 */
import type { HelperOptions } from 'handlebars';
import { parseDurationMs } from '../../../config/index.js';
import { AppError } from '../../../errors/index.js';
import type { TemplateState } from '../types.js';
import { describe, isNonNumericLiteral, toNumber } from './argument.js';
import type { HelperCall, HelperFamily } from './helper-definition.js';

const SCOPES = ['global', 'session', 'client', 'endpoint'];

function stateOf(options: HelperOptions): TemplateState {
  const state = (options.data as { state?: TemplateState } | undefined)?.state;
  if (state === undefined) throw new AppError('TEMPLATE_RENDER_FAILED', 'state is not available in this response');
  return state;
}

function scopeOf(options: HelperOptions): string | undefined {
  const scope = (options.hash as Record<string, unknown>).scope;
  if (scope === undefined) return undefined;
  if (typeof scope === 'string' && SCOPES.includes(scope)) return scope;
  throw new TypeError(`scope must be one of ${SCOPES.join(', ')}, got ${describe(scope)}`);
}

function keyOf(value: unknown, what = 'key'): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TypeError(`${what} must be a non-empty string, got ${describe(value)}`);
}

const checkCall =
  (arities: readonly number[], usage: string, hashKeys: readonly string[]) =>
  (call: HelperCall): string | undefined => {
    if (!arities.includes(call.params.length)) return `expects ${usage}`;
    const key = call.params[0];
    if (key?.literal && (typeof key.value !== 'string' || key.value === '') && typeof key.value !== 'number') return 'the key must be a non-empty string';
    for (const [name, argument] of Object.entries(call.hash)) {
      if (!hashKeys.includes(name)) return `unknown option ${name}= (known: ${hashKeys.join(', ')})`;
      if (name === 'scope' && argument.literal && !SCOPES.includes(String(argument.value))) {
        return `scope must be one of ${SCOPES.join(', ')}`;
      }
      if ((name === 'by' || name === 'start') && isNonNumericLiteral(argument)) return `${name} must be a number`;
      if (name === 'ttl' && argument.literal && ttlOf(argument.value) === undefined) return TTL_USAGE;
    }
    return undefined;
  };

const TTL_USAGE = 'ttl must be a duration longer than 0, like "30m", "10s" or a number of milliseconds';

/** A `ttl=` option in milliseconds, or undefined when it is not a positive duration. */
function ttlOf(value: unknown): number | undefined {
  try {
    const ms = typeof value === 'number' || typeof value === 'string' ? parseDurationMs(value) : undefined;
    return ms !== undefined && ms > 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}

const integerOf = (value: unknown, what: string): number => {
  const number = toNumber(value, what);
  if (!Number.isSafeInteger(number)) throw new TypeError(`${what} must be an integer, got ${number}`);
  return number;
};

/** The names these helpers are registered under (see rewrite-state-calls.ts for the dotted ones). */
export const STATE_HELPER_NAMES: readonly string[] = ['state.get', 'state.set', 'state.inc', 'state.delete', 'sequence', 'workflowState'];

export function stateHelpers(): HelperFamily {
  return {
    'state.get': {
      run: ([key], options) => stateOf(options).get(keyOf(key), scopeOf(options)),
      check: checkCall([1], 'a key: {{state.get "cart"}}', ['scope']),
    },
    'state.set': {
      run: ([key, value], options) => {
        const ttl = (options.hash as Record<string, unknown>).ttl;
        const ttlMs = ttl === undefined ? undefined : ttlOf(ttl);
        if (ttl !== undefined && ttlMs === undefined) throw new TypeError(`${TTL_USAGE}, got ${describe(ttl)}`);
        stateOf(options).set(keyOf(key), value, scopeOf(options), ttlMs);
        return '';
      },
      check: checkCall([2], 'a key and a value: {{state.set "user" request.body.name}}', ['scope', 'ttl']),
    },
    'state.inc': {
      run: ([key, by], options) => {
        const hashBy = (options.hash as Record<string, unknown>).by;
        const amount = by !== undefined ? integerOf(by, 'by') : hashBy !== undefined ? integerOf(hashBy, 'by') : 1;
        return stateOf(options).inc(keyOf(key), amount, scopeOf(options));
      },
      check: checkCall([1, 2], 'a key and an optional amount: {{state.inc "visits"}}', ['scope', 'by']),
    },
    'state.delete': {
      run: ([key], options) => {
        stateOf(options).delete(keyOf(key), scopeOf(options));
        return '';
      },
      check: checkCall([1], 'a key: {{state.delete "cart"}}', ['scope']),
    },
    sequence: {
      run: ([name], options) => {
        const { start, per } = options.hash as Record<string, unknown>;
        const counter = per === undefined ? keyOf(name, 'name') : `${keyOf(name, 'name')}[${keyOf(per, 'per')}]`;
        return stateOf(options).sequence(counter, start === undefined ? 1 : integerOf(start, 'start'), scopeOf(options));
      },
      check: checkCall([1], 'a counter name: {{sequence "orders" start=1000}}', ['scope', 'start', 'per']),
    },
    workflowState: {
      run: ([id], options) => stateOf(options).workflowState(id === undefined ? undefined : keyOf(id, 'the workflow id')),
      check: checkCall([0, 1], 'an optional workflow id: {{workflowState}} or {{workflowState "checkout"}}', []),
    },
  };
}
