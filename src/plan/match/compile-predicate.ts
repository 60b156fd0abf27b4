import { JSONPath } from 'jsonpath-plus';
import { compilePattern, type ConfigIssue, type Predicate, type Result } from '../../config/index.js';
import { canonicalJson } from './canonical-json.js';
import type { SchemaCompiler } from './create-schema-compiler.js';
import { isJsonEqual, isPartialJsonMatch } from './json-partial-match.js';
import { selectedValueAccess, someText, type ValueAccess } from './value-access.js';

/** A predicate compiled once: regexes built, JSONPath checked, schemas compiled. */
export interface CompiledPredicate {
  test<S>(subject: S, access: ValueAccess<S>): boolean;
  /** What it expects, for humans: `regex ^t-`, `equals "a" (case-insensitive)`, `not (present)`. */
  readonly description: string;
  /** Stable text: equal predicates written differently (key order, `"a"` vs `{equals: "a"}`) are equal. */
  readonly canonical: string;
  /** Leaf predicates it holds (combinators count their leaves; jsonPath counts 1 plus its value). */
  readonly leafCount: number;
}

type Compiled = Result<CompiledPredicate, ConfigIssue[]>;
type Test = CompiledPredicate['test'];

const quote = (value: unknown): string => canonicalJson(value);
const shorten = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const issue = (path: string, message: string): Compiled => ({ ok: false, error: [{ path, message }] });
const leaf = (test: Test, description: string, canonical: string, leafCount = 1): Compiled => ({
  ok: true,
  value: { test, description, canonical, leafCount },
});

/**
 * Compiles a predicate. `at` is its config path (`endpoints[2].match.headers.x-tenant`), used
 * for issues. Text predicates (literal, equals, contains, regex) read the value as text, JSON
 * predicates (json, jsonPath, jsonSchema) as JSON; on a repeated value, a text leaf holds when
 * any element satisfies it, and combinators combine leaf results (so `not: { equals: a }` on
 * `[a, b]` is false: some element equals a).
 */
export function compilePredicate(predicate: Predicate, at: string, schemas: SchemaCompiler): Compiled {
  if (typeof predicate === 'string' || typeof predicate === 'number' || typeof predicate === 'boolean') {
    return compileEquals(predicate, false);
  }
  const p = predicate as Record<string, unknown>;
  if ('equals' in p) return compileEquals(p.equals, p.caseInsensitive === true);
  if ('contains' in p) return compileContains(String(p.contains), p.caseInsensitive === true);
  if ('regex' in p) return compileRegex(String(p.regex), typeof p.flags === 'string' ? p.flags : '', `${at}.regex`);
  if ('present' in p) return compilePresence(p.present === true);
  if ('absent' in p) return compilePresence(p.absent !== true);
  if ('json' in p) {
    const expected = p.json;
    return leaf(
      (s, a) => {
        const json = a.json(s);
        return json !== undefined && isPartialJsonMatch(expected, json);
      },
      `json ${shorten(quote(expected))} (partial)`,
      `{"json":${canonicalJson(expected)}}`,
    );
  }
  if ('jsonPath' in p) return compileJsonPath(String(p.jsonPath), p.value as Predicate | undefined, at, schemas);
  if ('jsonSchema' in p) {
    const schema = p.jsonSchema as Record<string, unknown>;
    const compiled = schemas.compile(schema);
    if (!compiled.ok) return issue(`${at}.jsonSchema`, compiled.message);
    const check = compiled.check;
    return leaf(
      (s, a) => {
        const json = a.json(s);
        return json !== undefined && check(json);
      },
      `jsonSchema ${shorten(quote(schema))}`,
      `{"jsonSchema":${canonicalJson(schema)}}`,
    );
  }
  if ('all' in p || 'any' in p) {
    const kind = 'all' in p ? 'all' : 'any';
    return compileList(kind, p[kind] as Predicate[], `${at}.${kind}`, schemas);
  }
  if ('not' in p) {
    const inner = compilePredicate(p.not as Predicate, `${at}.not`, schemas);
    if (!inner.ok) return inner;
    const { test, description, canonical, leafCount } = inner.value;
    return leaf((s, a) => !test(s, a), `not (${description})`, `{"not":${canonical}}`, leafCount);
  }
  return issue(at, `unknown predicate ${shorten(quote(predicate))}`);
}

function compileEquals(expected: unknown, caseInsensitive: boolean): Compiled {
  const suffix = caseInsensitive ? ' (case-insensitive)' : '';
  const canonical = `{"equals":${canonicalJson(expected)}${caseInsensitive ? ',"caseInsensitive":true' : ''}}`;
  const description = `equals ${shorten(quote(expected))}${suffix}`;
  if (typeof expected === 'string') {
    if (caseInsensitive) {
      const lower = expected.toLowerCase();
      return leaf((s, a) => someText(a.text(s), (text) => text.toLowerCase() === lower), description, canonical);
    }
    return leaf((s, a) => someText(a.text(s), (text) => text === expected), description, canonical);
  }
  if (typeof expected === 'number') {
    // "5", "5.0" and " 5 " all equal 5; an empty value is not 0
    return leaf((s, a) => someText(a.text(s), (text) => text.trim() !== '' && Number(text) === expected), description, canonical);
  }
  if (typeof expected === 'boolean') {
    const word = String(expected);
    return leaf((s, a) => someText(a.text(s), (text) => text.toLowerCase() === word), description, canonical);
  }
  // null, objects and arrays compare as JSON, exactly (use `json` for partial equality)
  return leaf((s, a) => isJsonEqual(expected, a.json(s)), description, canonical);
}

function compileContains(needle: string, caseInsensitive: boolean): Compiled {
  const canonical = `{"contains":${JSON.stringify(needle)}${caseInsensitive ? ',"caseInsensitive":true' : ''}}`;
  const description = `contains ${JSON.stringify(needle)}${caseInsensitive ? ' (case-insensitive)' : ''}`;
  if (caseInsensitive) {
    const lower = needle.toLowerCase();
    return leaf((s, a) => someText(a.text(s), (text) => text.toLowerCase().includes(lower)), description, canonical);
  }
  return leaf((s, a) => someText(a.text(s), (text) => text.includes(needle)), description, canonical);
}

function compileRegex(source: string, flags: string, at: string): Compiled {
  // RE2 semantics: a config regex runs in time linear in the value, whatever the pattern.
  const compiled = compilePattern(source, { flags });
  if (!compiled.ok) return issue(at, `invalid regex "${shorten(source)}": ${compiled.error}`);
  const regex = compiled.value;
  const sortedFlags = [...flags].sort().join('');
  return leaf(
    (s, a) => someText(a.text(s), (text) => regex.test(text)),
    `regex ${source}${sortedFlags ? ` (flags ${sortedFlags})` : ''}`,
    `{"regex":${JSON.stringify(source)}${sortedFlags ? `,"flags":"${sortedFlags}"` : ''}}`,
  );
}

function compilePresence(present: boolean): Compiled {
  return present
    ? leaf((s, a) => a.text(s) !== undefined, 'present', '{"present":true}')
    : leaf((s, a) => a.text(s) === undefined, 'absent', '{"absent":true}');
}

/**
 * jsonpath-plus's safe evaluator still calls string methods, and a regex in a filter
 * (`?(@.name.match(/^(a+)+$/))`) would run on request data with V8's backtracking engine.
 */
const REGEX_IN_FILTER = /\.\s*(match|matchAll|search|replace|replaceAll|split|test)\s*\(|\bRegExp\b/;

function compileJsonPath(path: string, value: Predicate | undefined, at: string, schemas: SchemaCompiler): Compiled {
  const regexCall = REGEX_IN_FILTER.exec(path);
  if (regexCall !== null) {
    return issue(
      `${at}.jsonPath`,
      `${regexCall[1] === undefined ? 'RegExp' : `${regexCall[1]}()`} is not supported in a JSONPath filter (it would run a backtracking regex): select the value and test it with \`value: { regex: … }\`, which runs in linear time`,
    );
  }
  let selectsRoot: boolean;
  try {
    // jsonpath-plus parses lazily and caches the parsed path by its text: evaluating it once
    // here both surfaces syntax errors at build and prepares the cache for requests. An empty
    // object has no members, so whatever the path selects in it is the root itself.
    const probe = {};
    const selected = JSONPath({ path, json: probe, wrap: true, eval: 'safe' }) as unknown[] | undefined;
    selectsRoot = selected?.includes(probe) === true;
  } catch (error) {
    return issue(`${at}.jsonPath`, `invalid JSONPath "${path}": ${(error as Error).message}`);
  }
  const select = (json: unknown): unknown[] => {
    if (json === undefined) return [];
    // A JSON scalar has no members, so only a path that selects the root selects it. jsonpath-plus
    // is no guide here: it answers undefined for null, 0, false and "", and reads JavaScript
    // properties of strings ("abc" has a `length`).
    if (json === null || typeof json !== 'object') return selectsRoot ? [json] : [];
    try {
      return (JSONPath({ path, json, wrap: true, eval: 'safe' }) as unknown[] | undefined) ?? [];
    } catch {
      return []; // a filter that throws on this document selects nothing
    }
  };
  if (value === undefined) {
    return leaf((s, a) => select(a.json(s)).length > 0, `jsonPath ${path}`, `{"jsonPath":${JSON.stringify(path)}}`);
  }
  const inner = compilePredicate(value, `${at}.value`, schemas);
  if (!inner.ok) return inner;
  const check = inner.value.test;
  return leaf(
    (s, a) => select(a.json(s)).some((selected) => check(selected, selectedValueAccess)),
    `jsonPath ${path} with a value that ${inner.value.description}`,
    `{"jsonPath":${JSON.stringify(path)},"value":${inner.value.canonical}}`,
    1 + inner.value.leafCount,
  );
}

function compileList(kind: 'all' | 'any', predicates: readonly Predicate[], at: string, schemas: SchemaCompiler): Compiled {
  const compiled: CompiledPredicate[] = [];
  const issues: ConfigIssue[] = [];
  predicates.forEach((predicate, index) => {
    const result = compilePredicate(predicate, `${at}[${index}]`, schemas);
    if (result.ok) compiled.push(result.value);
    else issues.push(...result.error);
  });
  if (issues.length > 0) return { ok: false, error: issues };
  const tests = compiled.map((item) => item.test);
  const test: Test = kind === 'all' ? (s, a) => tests.every((t) => t(s, a)) : (s, a) => tests.some((t) => t(s, a));
  return leaf(
    test,
    `${kind} of (${compiled.map((item) => item.description).join('; ')})`,
    // all/any are commutative: sort so that reordering them does not hide a conflict
    `{"${kind}":[${compiled
      .map((item) => item.canonical)
      .sort()
      .join(',')}]}`,
    compiled.reduce((sum, item) => sum + item.leafCount, 0),
  );
}
