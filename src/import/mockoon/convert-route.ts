import type { Endpoint, HttpMethod, ResponseConfig } from '../../config/index.js';
import { HttpMethods } from '../../config/index.js';
import { escapeRegex } from '../foreign/index.js';
import type { ImportWarning, SkippedItem } from '../import-types.js';
import { convertResponse, type ResponseContext } from './convert-response.js';
import { convertRules } from './convert-rules.js';

type Json = Record<string, unknown>;

export interface RouteContext extends ResponseContext {
  skipped: SkippedItem[];
  allocate(name: string): string;
  prefix: string;
  envLatencyMs: number;
}

/** `users/:id` under prefix `api` → `/api/users/{id}`; `*` → a segment or, last, the rest. */
export function routePath(prefix: string, endpoint: string): { path: string; params: string[] } {
  const params: string[] = [];
  const segments = [...prefix.split('/'), ...endpoint.split('/')].filter((s) => s !== '');
  const path = segments.map((segment, i) => {
    const param = /^:([A-Za-z_][\w]*)$/.exec(segment);
    if (param) {
      params.push(param[1]!);
      return `{${param[1]}}`;
    }
    if (segment === '*') return i === segments.length - 1 ? '**' : '*';
    return /[{}*()?:]/.test(segment) ? `{s${i}:${escapeRegex(segment)}}` : segment;
  });
  return { path: `/${path.join('/')}`, params };
}

/**
 * One Mockoon HTTP route as endpoints. By `responseMode`: rules (the default) gives one endpoint
 * per response with rules, in Mockoon's order (descending priority), plus the default response as
 * the fallback; RANDOM gives variants; SEQUENTIAL a cycling sequence; DISABLE_RULES the default
 * response only. Routes whose rules all count requests (`request_number`) become a sequence.
 */
export function convertRoute(route: Json, at: string, context: RouteContext): Endpoint[] {
  const { warnings } = context;
  const method = String(route.method ?? 'get').toUpperCase();
  const methodValue: Endpoint['method'] = method === 'ALL' ? undefined : (method as HttpMethod);
  if (method !== 'ALL' && !(HttpMethods as readonly string[]).includes(method)) {
    context.skipped.push({ source: at, reason: `method ${JSON.stringify(route.method)} is not one we serve` });
    return [];
  }
  const { path } = routePath(context.prefix, String(route.endpoint ?? ''));
  const responses = (Array.isArray(route.responses) ? route.responses : []) as Json[];
  if (responses.length === 0) {
    context.skipped.push({ source: at, reason: 'the route has no response' });
    return [];
  }
  const label = `${method.toLowerCase()} ${String(route.endpoint ?? '')}`;
  const converted = responses.map((response, i) => convertResponse(response, `${at}.responses[${i}]`, context));
  const latencyMs = (response: Json) => context.envLatencyMs + Math.max(0, Number(response.latency ?? 0) || 0);
  const base = (name: string, response?: Json): Endpoint => {
    const ms = response === undefined ? context.envLatencyMs : latencyMs(response);
    return {
      id: context.allocate(name),
      ...(typeof route.documentation === 'string' && route.documentation !== '' ? { description: route.documentation } : {}),
      ...(methodValue !== undefined ? { method: methodValue } : {}),
      path,
      ...(ms > 0 ? { latency: { fixed: `${ms}ms` } } : {}),
    };
  };
  const defaultIndex = Math.max(
    0,
    responses.findIndex((r) => r.default === true),
  );
  const mode = route.responseMode ?? null;
  if (mode === 'RANDOM' || mode === 'SEQUENTIAL') {
    const latencies = new Set(responses.map(latencyMs));
    if (latencies.size > 1) warnings.push({ source: at, message: 'responses have different latencies: the first one applies to all' });
    const endpoint = base(label, responses[0]);
    if (mode === 'RANDOM') endpoint.variants = converted.map((response) => ({ weight: 1, response }));
    else endpoint.sequence = { responses: converted, after: 'cycle' };
    return [endpoint];
  }
  if (mode === 'DISABLE_RULES') return [{ ...base(label, responses[defaultIndex]), response: converted[defaultIndex]! }];
  const counted = requestNumberSequence(responses, converted, defaultIndex);
  if (counted !== undefined) return [{ ...base(label, responses[defaultIndex]), sequence: counted }];
  const fallbackMode = mode === 'FALLBACK';
  if (fallbackMode)
    warnings.push({
      source: `${at}.responseMode`,
      message: 'FALLBACK imported as: the first response whose rules match, a response without rules matching anything',
    });
  const endpoints: Endpoint[] = [];
  responses.forEach((response, i) => {
    const rules = Array.isArray(response.rules) ? (response.rules as Json[]) : [];
    if (rules.length === 0) {
      if (fallbackMode && i !== defaultIndex) endpoints.push({ ...base(`${label} ${i}`, response), priority: responses.length - i, response: converted[i]! });
      else if (i !== defaultIndex) {
        // Kept (disabled) rather than dropped: it is often a documented error answer worth enabling by hand.
        endpoints.push({
          ...base(`${label} ${String(response.label || i)}`, response),
          enabled: false,
          priority: responses.length - i,
          response: converted[i]!,
        });
        warnings.push({
          source: `${at}.responses[${i}]`,
          message: 'no rules and not the default response: Mockoon never serves it in this mode, so it is imported disabled',
        });
      }
      return;
    }
    const where = `${at}.responses[${i}].rules`;
    const result = convertRules(rules, response.rulesOperator, where, warnings);
    if (result.match === undefined && result.params.size === 0) {
      warnings.push({ source: where, message: 'no rule could be imported: this response is left out (the default answers instead)' });
      return;
    }
    const endpoint: Endpoint = { ...base(`${label} ${String(response.label || i)}`, response), priority: responses.length - i, response: converted[i]! };
    if (result.params.size > 0)
      endpoint.path = endpoint.path.replace(/\{([A-Za-z_]\w*)\}/g, (whole, name: string) =>
        result.params.has(name) ? `{${name}:${result.params.get(name)}}` : whole,
      );
    if (result.match !== undefined) endpoint.match = result.match;
    endpoints.push(endpoint);
  });
  endpoints.push({ ...base(label, responses[defaultIndex]), response: converted[defaultIndex]! });
  return endpoints;
}

/**
 * When every rule of every response is `request_number equals N` (one per response, no invert),
 * the route answers the Nth call with that response and other calls with the default: a sequence
 * that ends on the default.
 */
function requestNumberSequence(
  responses: Json[],
  converted: ResponseConfig[],
  defaultIndex: number,
): { responses: ResponseConfig[]; after: 'last' } | undefined {
  const byNumber = new Map<number, ResponseConfig>();
  for (const [i, response] of responses.entries()) {
    const rules = Array.isArray(response.rules) ? (response.rules as Json[]) : [];
    if (rules.length === 0) continue;
    if (rules.length !== 1) return undefined;
    const rule = rules[0]!;
    const n = Number(rule.value);
    if (rule.target !== 'request_number' || rule.operator !== 'equals' || rule.invert === true || !Number.isInteger(n) || n < 1 || n > 1000) return undefined;
    if (!byNumber.has(n)) byNumber.set(n, converted[i]!);
  }
  if (byNumber.size === 0) return undefined;
  const last = Math.max(...byNumber.keys());
  const fallback = converted[defaultIndex]!;
  const list = Array.from({ length: last }, (_, k) => byNumber.get(k + 1) ?? fallback);
  return { responses: [...list, fallback], after: 'last' };
}
