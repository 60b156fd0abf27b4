import type { HttpMethod, Predicate, RequestMatch } from '../../config/index.js';
import { HttpMethods } from '../../config/index.js';
import { escapeRegex, literalPath, pathFromRegex, regexProblem } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';

type Json = Record<string, unknown>;

export interface ConvertedPredicates {
  method?: HttpMethod;
  path: string;
  match: RequestMatch;
}

const OPERATORS = ['equals', 'deepEquals', 'contains', 'startsWith', 'endsWith', 'matches', 'exists'] as const;
type Operator = (typeof OPERATORS)[number];

/**
 * A stub's predicates (all must hold) as our method, path template and request match. `method` and
 * `path` under `equals`/`deepEquals` at the top level become the route; a `matches` on the path a
 * path template; everything else a predicate. mountebank compares case-insensitively unless
 * `caseSensitive: true`, and so do the imported predicates.
 */
export function convertPredicates(predicates: unknown[], at: string, warnings: ImportWarning[]): ConvertedPredicates {
  const route: { method?: HttpMethod; path: string } = { path: '/**' };
  const parts: RequestMatch[] = [];
  predicates.forEach((predicate, i) => {
    const converted = convertPredicate(predicate as Json, `${at}[${i}]`, warnings, route);
    if (converted !== undefined) parts.push(converted);
  });
  return { ...route, match: mergeAll(parts) };
}

function mergeAll(parts: RequestMatch[]): RequestMatch {
  const merged: RequestMatch = {};
  const rest: RequestMatch[] = [];
  for (const part of parts) {
    let clash = false;
    for (const key of ['query', 'headers', 'cookies'] as const) {
      for (const name of Object.keys(part[key] ?? {})) if (merged[key]?.[name] !== undefined) clash = true;
    }
    if ((part.body !== undefined && merged.body !== undefined) || part.any || part.all || part.not || clash) {
      rest.push(part);
      continue;
    }
    for (const key of ['query', 'headers', 'cookies'] as const) if (part[key]) merged[key] = { ...merged[key], ...part[key] };
    if (part.body !== undefined) merged.body = part.body;
  }
  if (rest.length > 0) merged.all = rest;
  return merged;
}

function convertPredicate(predicate: Json, at: string, warnings: ImportWarning[], route?: { method?: HttpMethod; path: string }): RequestMatch | undefined {
  if (predicate === null || typeof predicate !== 'object') {
    warnings.push({ source: at, message: 'not a predicate object: left out' });
    return undefined;
  }
  if (predicate.inject !== undefined) {
    warnings.push({ source: `${at}.inject`, message: 'JavaScript predicates (inject) are not importable: left out, so the stub matches more' });
    return undefined;
  }
  if (predicate.xpath !== undefined) warnings.push({ source: `${at}.xpath`, message: 'XPath selection is not supported: compared on the whole body' });
  if (predicate.except !== undefined)
    warnings.push({ source: `${at}.except`, message: '"except" (stripping text before comparing) is not supported: compared on the whole value' });
  if ('not' in predicate) {
    const inner = convertPredicate(predicate.not as Json, `${at}.not`, warnings);
    return inner === undefined ? undefined : { not: inner };
  }
  for (const [key, combine] of [
    ['or', 'any'],
    ['and', 'all'],
  ] as const) {
    if (Array.isArray(predicate[key])) {
      const parts = (predicate[key] as Json[])
        .map((p, i) => convertPredicate(p, `${at}.${key}[${i}]`, warnings))
        .filter((p): p is RequestMatch => p !== undefined);
      if (parts.length === 0) return undefined;
      return combine === 'any' ? { any: parts } : { all: parts };
    }
  }
  const operator = OPERATORS.find((op) => op in predicate);
  if (operator === undefined) {
    warnings.push({ source: at, message: `no predicate operator we know (${Object.keys(predicate).join(', ')}): left out` });
    return undefined;
  }
  const fields = predicate[operator] as Json;
  const caseInsensitive = predicate.caseSensitive !== true;
  const jsonPath = typeof (predicate.jsonpath as Json | undefined)?.selector === 'string' ? String((predicate.jsonpath as Json).selector) : undefined;
  const match: RequestMatch = {};
  for (const [field, expected] of Object.entries(fields ?? {})) {
    const where = `${at}.${operator}.${field}`;
    if (field === 'method' || field === 'path') {
      if (route !== undefined && routeField(route, field, operator, expected, where, warnings)) continue;
      warnings.push({ source: where, message: `${field} can only be matched by a top-level predicate here: left out` });
      continue;
    }
    if (field === 'query' || field === 'headers') {
      if (expected === null || typeof expected !== 'object') continue;
      const target = (match[field] ??= {});
      for (const [name, value] of Object.entries(expected as Json)) {
        const p = leaf(operator, value, caseInsensitive, `${where}.${name}`, warnings);
        if (p !== undefined) target[field === 'headers' ? name.toLowerCase() : name] = p;
      }
      if (operator === 'deepEquals') warnings.push({ source: where, message: 'deepEquals imported as equals on the listed names: extra ones are accepted' });
      continue;
    }
    if (field === 'body') {
      const p =
        jsonPath !== undefined
          ? { jsonPath, value: leaf(operator, expected, caseInsensitive, where, warnings) ?? { present: true } }
          : bodyPredicate(operator, expected, caseInsensitive, where, warnings);
      if (p !== undefined) match.body = p as Predicate;
      continue;
    }
    warnings.push({ source: where, message: `the request field "${field}" cannot be matched here (form, requestFrom, ip): left out` });
  }
  return Object.keys(match).length > 0 ? match : undefined;
}

/** method/path under a top-level equals (or matches, for the path) become the route itself. */
function routeField(
  route: { method?: HttpMethod; path: string },
  field: 'method' | 'path',
  operator: Operator,
  expected: unknown,
  at: string,
  warnings: ImportWarning[],
): boolean {
  const text = String(expected);
  if (field === 'method') {
    const upper = text.toUpperCase();
    if ((operator === 'equals' || operator === 'deepEquals') && (HttpMethods as readonly string[]).includes(upper)) {
      route.method = upper as HttpMethod;
      return true;
    }
    return false;
  }
  if (operator === 'equals' || operator === 'deepEquals') {
    route.path = literalPath(text);
    return true;
  }
  const source = operator === 'matches' ? text : operator === 'startsWith' ? `^${escapeRegex(text)}.*` : undefined;
  if (source === undefined) return false;
  const template = pathFromRegex(source);
  if (template === undefined) return false;
  route.path = template.path;
  if (!template.exact) warnings.push({ source: at, message: `approximated by the path template ${template.path} (matches more)` });
  return true;
}

function bodyPredicate(operator: Operator, expected: unknown, caseInsensitive: boolean, at: string, warnings: ImportWarning[]): Predicate | undefined {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (operator === 'equals' || operator === 'deepEquals') {
      if (operator === 'deepEquals')
        warnings.push({ source: at, message: 'deepEquals on a JSON body imported as partial equality: extra fields are accepted' });
      if (caseInsensitive) warnings.push({ source: at, message: 'JSON values are compared case-sensitively' });
      return { json: expected };
    }
    const parts = Object.entries(expected).map(([key, value]) => ({
      jsonPath: `$[${JSON.stringify(key)}]`,
      value: leaf(operator, value, caseInsensitive, `${at}.${key}`, warnings) ?? { present: true },
    }));
    return parts.length === 1 ? (parts[0] as Predicate) : { all: parts as Predicate[] };
  }
  return leaf(operator, expected, caseInsensitive, at, warnings);
}

/** One value compared by one operator. */
function leaf(operator: Operator, expected: unknown, caseInsensitive: boolean, at: string, warnings: ImportWarning[]): Predicate | undefined {
  if (operator === 'exists') return expected === false ? { absent: true } : { present: true };
  if (expected !== null && typeof expected === 'object') {
    warnings.push({ source: at, message: 'nested objects are compared as JSON text' });
  }
  const text = typeof expected === 'string' ? expected : JSON.stringify(expected);
  const ci = caseInsensitive ? { caseInsensitive: true } : {};
  switch (operator) {
    case 'equals':
    case 'deepEquals':
      return { equals: text, ...ci };
    case 'contains':
      return { contains: text, ...ci };
    case 'startsWith':
      return { regex: `^${escapeRegex(text)}`, ...(caseInsensitive ? { flags: 'i' } : {}) };
    case 'endsWith':
      return { regex: `${escapeRegex(text)}$`, ...(caseInsensitive ? { flags: 'i' } : {}) };
    case 'matches': {
      const problem = regexProblem(text, caseInsensitive ? 'i' : '');
      if (problem !== undefined) {
        warnings.push({ source: at, message: `regex ${JSON.stringify(text)} cannot run in our linear-time engine (${problem}): left out` });
        return undefined;
      }
      return { regex: text, ...(caseInsensitive ? { flags: 'i' } : {}) };
    }
  }
}
