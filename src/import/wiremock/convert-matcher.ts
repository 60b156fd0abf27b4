import type { Predicate } from '../../config/index.js';
import { regexProblem } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';

type Json = Record<string, unknown>;

/**
 * A WireMock value matcher (`{ equalTo: "x", caseInsensitive: true }`, `{ matches: "…" }`, `and`,
 * `or`, `not`, …) as one of our predicates. WireMock's `matches` must match the whole value
 * (Java `Matcher.matches`), so the regex is anchored. Undefined (with a warning) when there is no
 * equivalent: the caller then leaves that condition out, which makes the endpoint match more.
 */
export function convertMatcher(matcher: unknown, at: string, warnings: ImportWarning[]): Predicate | undefined {
  if (typeof matcher === 'string') return matcher;
  if (matcher === null || typeof matcher !== 'object' || Array.isArray(matcher)) {
    warnings.push({ source: at, message: 'not a matcher object: condition left out' });
    return undefined;
  }
  const m = matcher as Json;
  const caseInsensitive = m.caseInsensitive === true;
  const regex = (source: unknown, negate: boolean): Predicate | undefined => {
    const anchored = `^(?:${String(source)})$`;
    const problem = regexProblem(anchored, caseInsensitive ? 'i' : '');
    if (problem !== undefined) {
      warnings.push({ source: at, message: `regex ${JSON.stringify(source)} cannot run in our linear-time engine (${problem}): condition left out` });
      return undefined;
    }
    const predicate: Predicate = caseInsensitive ? { regex: anchored, flags: 'i' } : { regex: anchored };
    return negate ? { not: predicate } : predicate;
  };
  if ('equalTo' in m) return caseInsensitive ? { equals: m.equalTo, caseInsensitive: true } : { equals: m.equalTo };
  if ('contains' in m) return caseInsensitive ? { contains: String(m.contains), caseInsensitive } : { contains: String(m.contains) };
  if ('doesNotContain' in m) return { not: { contains: String(m.doesNotContain) } };
  if ('matches' in m) return regex(m.matches, false);
  if ('doesNotMatch' in m) return regex(m.doesNotMatch, true);
  if ('absent' in m) return m.absent === false ? { present: true } : { absent: true };
  if ('equalToJson' in m) return jsonEquality(m, at, warnings);
  if ('matchesJsonPath' in m) return jsonPathMatcher(m.matchesJsonPath, at, warnings);
  if ('matchesJsonSchema' in m) {
    const schema = typeof m.matchesJsonSchema === 'string' ? tryParse(m.matchesJsonSchema) : m.matchesJsonSchema;
    if (schema !== null && typeof schema === 'object' && !Array.isArray(schema)) return { jsonSchema: schema as Json };
    warnings.push({ source: `${at}.matchesJsonSchema`, message: 'not a JSON Schema object: condition left out' });
    return undefined;
  }
  for (const [key, combine] of [
    ['and', 'all'],
    ['or', 'any'],
    ['includes', 'all'],
    ['hasExactly', 'all'],
  ] as const) {
    if (key in m && Array.isArray(m[key])) {
      const parts = (m[key] as unknown[]).map((item, i) => convertMatcher(item, `${at}.${key}[${i}]`, warnings)).filter((p): p is Predicate => p !== undefined);
      if (key === 'hasExactly')
        warnings.push({ source: `${at}.hasExactly`, message: 'imported as "every listed value is present"; extra values are not refused' });
      if (parts.length === 0) return undefined;
      return combine === 'all' ? { all: parts } : { any: parts };
    }
  }
  if ('not' in m) {
    const inner = convertMatcher(m.not, `${at}.not`, warnings);
    return inner === undefined ? undefined : { not: inner };
  }
  const kind = Object.keys(m).find((key) => key !== 'caseInsensitive') ?? '(empty)';
  warnings.push({ source: at, message: `matcher "${kind}" has no equivalent here (XML, XPath, dates and binary are not supported): condition left out` });
  return undefined;
}

function jsonEquality(m: Json, at: string, warnings: ImportWarning[]): Predicate | undefined {
  const expected = typeof m.equalToJson === 'string' ? tryParse(m.equalToJson) : m.equalToJson;
  if (expected === undefined) {
    warnings.push({ source: `${at}.equalToJson`, message: 'not valid JSON: condition left out' });
    return undefined;
  }
  if (/\$\{json-unit\./.test(JSON.stringify(expected))) {
    warnings.push({ source: `${at}.equalToJson`, message: 'json-unit placeholders (${json-unit.any-string}…) are compared as literal text' });
  }
  if (expected === null || typeof expected !== 'object') return { equals: JSON.stringify(expected) };
  if (m.ignoreExtraElements !== true) {
    warnings.push({ source: `${at}.equalToJson`, message: 'imported as partial JSON equality: fields the stub does not list are accepted' });
  }
  if (Array.isArray(expected) && m.ignoreArrayOrder === true) {
    warnings.push({ source: `${at}.ignoreArrayOrder`, message: 'array order is compared as written' });
  }
  return { json: expected };
}

/** `"$.a"`, or `{ expression, <matcher> }`; Jayway's `=~ /re/` filter becomes a regex on the value. */
function jsonPathMatcher(value: unknown, at: string, warnings: ImportWarning[]): Predicate | undefined {
  if (typeof value === 'string') return fromJaywayFilter(value, at, warnings) ?? { jsonPath: value };
  if (value !== null && typeof value === 'object' && typeof (value as Json).expression === 'string') {
    const { expression, ...rest } = value as Json;
    const inner = convertMatcher(rest, `${at}.matchesJsonPath`, warnings);
    return inner === undefined ? { jsonPath: expression as string } : { jsonPath: expression as string, value: inner };
  }
  warnings.push({ source: `${at}.matchesJsonPath`, message: 'expected a JSONPath or { expression, … }: condition left out' });
  return undefined;
}

/** `$[?(@.['age'] =~ /[0-1][0-9]/)]` (and `@.age`): jsonpath-plus has no `=~`; our regex runs in linear time. */
function fromJaywayFilter(path: string, at: string, warnings: ImportWarning[]): Predicate | undefined {
  // The pattern below backtracks on long input; real filters are short.
  if (path.length > 1000) return undefined;
  const found = /^\$(.*)\[\?\(@(?:\.\['([^']+)'\]|\.([A-Za-z_$][\w$]*))\s*=~\s*\/(.*)\/(i?)\)\]$/.exec(path);
  if (found === null) return undefined;
  const [, prefix, quoted, plain, source, flag] = found;
  const anchored = `^(?:${source})$`;
  if (regexProblem(anchored, flag) !== undefined) {
    warnings.push({ source: `${at}.matchesJsonPath`, message: `regex ${JSON.stringify(source)} cannot run in our linear-time engine: condition left out` });
    return undefined;
  }
  const field = quoted ?? plain!;
  return { jsonPath: `$${prefix}[${JSON.stringify(field)}]`, value: flag ? { regex: anchored, flags: 'i' } : { regex: anchored } };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
