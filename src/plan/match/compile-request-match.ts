import type { ConfigIssue, Predicate, RequestMatch, Result } from '../../config/index.js';
import type { MockRequest, StateRef } from '../mock-request.js';
import { compilePredicate, type CompiledPredicate } from './compile-predicate.js';
import { createSchemaCompiler, type SchemaCompiler } from './create-schema-compiler.js';
import type { CompiledMatch, Mismatch } from './types.js';
import { parseJsonText, selectedValueAccess, type ValueAccess } from './value-access.js';

export interface CompileMatchOptions {
  /** Config path of the match, for issues (`endpoints[3].match`). Default `match`. */
  at?: string;
  /**
   * Shared by every endpoint of a plan so all `jsonSchema` predicates use one Ajv instance.
   * Default: a new one for this call.
   */
  schemas?: SchemaCompiler;
  /** Where `state` predicates read: the endpoint's scope, and its id for the `endpoint` scope. Default global. */
  state?: { readonly scope: StateRef['scope']; readonly owner: string };
}

/** A compiled piece of a RequestMatch, with what humans need to read about it. */
interface MatchNode {
  test(request: MockRequest): boolean;
  explain(request: MockRequest): Mismatch[];
  readonly description: string;
  readonly canonical: string;
  readonly count: number;
}

const ALWAYS: CompiledMatch = { test: () => true, explain: () => [], predicateCount: 0, canonical: '{}' };

/**
 * Compiles an endpoint's `match` once. Header names compare case-insensitively (MockRequest
 * header keys are lower case); every given part must hold; `all`/`any`/`not` combine whole
 * request matches. No `match` (or `{}`) matches every request.
 */
export function compileRequestMatch(match: RequestMatch | undefined, options: CompileMatchOptions = {}): Result<CompiledMatch, ConfigIssue[]> {
  if (match === undefined) return { ok: true, value: ALWAYS };
  const compiled = compileNode(match, options.at ?? 'match', {
    schemas: options.schemas ?? createSchemaCompiler(),
    state: options.state ?? { scope: 'global', owner: '' },
  });
  if (!compiled.ok) return compiled;
  const node = compiled.value;
  if (node.count === 0 && node.canonical === '{}') return { ok: true, value: ALWAYS };
  return {
    ok: true,
    value: { test: node.test, explain: node.explain, predicateCount: node.count, canonical: node.canonical },
  };
}

interface NodeContext {
  readonly schemas: SchemaCompiler;
  readonly state: NonNullable<CompileMatchOptions['state']>;
}

function compileNode(match: RequestMatch, at: string, context: NodeContext): Result<MatchNode, ConfigIssue[]> {
  const { schemas } = context;
  const nodes: MatchNode[] = [];
  const canonical: string[] = [];
  const issues: ConfigIssue[] = [];

  const parts = [
    ['query', match.query, (name: string) => name, queryAccess],
    ['headers', match.headers, (name: string) => name.toLowerCase(), headerAccess],
    ['cookies', match.cookies, (name: string) => name, cookieAccess],
  ] as const;
  for (const [kind, predicates, normalize, access] of parts) {
    if (predicates === undefined) continue;
    const entries: string[] = [];
    for (const [rawName, predicate] of Object.entries(predicates)) {
      const name = normalize(rawName);
      const compiled = compilePredicate(predicate as Predicate, `${at}.${kind}.${rawName}`, schemas);
      if (!compiled.ok) {
        issues.push(...compiled.error);
        continue;
      }
      nodes.push(partNode(`${kind}.${name}`, compiled.value, access(name)));
      entries.push(`${JSON.stringify(name)}:${compiled.value.canonical}`);
    }
    if (entries.length > 0) canonical.push(`"${kind}":{${entries.sort().join(',')}}`);
  }
  if (match.state !== undefined) {
    const entries: string[] = [];
    for (const [name, predicate] of Object.entries(match.state)) {
      const compiled = compilePredicate(predicate as Predicate, `${at}.state.${name}`, schemas);
      if (!compiled.ok) {
        issues.push(...compiled.error);
        continue;
      }
      nodes.push(partNode(`state.${name}`, compiled.value, stateAccess({ ...context.state, entry: 'var', name })));
      entries.push(`${JSON.stringify(name)}:${compiled.value.canonical}`);
    }
    // The scope is part of what is matched: the same predicate on another scope is another match.
    if (entries.length > 0) canonical.push(`"state":{"scope":"${context.state.scope}",${entries.sort().join(',')}}`);
  }
  if (match.body !== undefined) {
    const compiled = compilePredicate(match.body as Predicate, `${at}.body`, schemas);
    if (compiled.ok) {
      nodes.push(partNode('body', compiled.value, bodyAccess));
      canonical.push(`"body":${compiled.value.canonical}`);
    } else issues.push(...compiled.error);
  }
  for (const kind of ['all', 'any'] as const) {
    const list = match[kind];
    if (list === undefined) continue;
    const children: MatchNode[] = [];
    list.forEach((child, index) => {
      const compiled = compileNode(child as RequestMatch, `${at}.${kind}[${index}]`, context);
      if (compiled.ok) children.push(compiled.value);
      else issues.push(...compiled.error);
    });
    nodes.push(kind === 'all' ? allNode(children) : anyNode(children));
    // commutative: sorted so that reordering alternatives does not hide a conflict
    canonical.push(
      `"${kind}":[${children
        .map((child) => child.canonical)
        .sort()
        .join(',')}]`,
    );
  }
  if (match.not !== undefined) {
    const compiled = compileNode(match.not as RequestMatch, `${at}.not`, context);
    if (compiled.ok) {
      nodes.push(notNode(compiled.value));
      canonical.push(`"not":${compiled.value.canonical}`);
    } else issues.push(...compiled.error);
  }
  if (issues.length > 0) return { ok: false, error: issues };
  const node = nodes.length === 1 ? (nodes[0] as MatchNode) : allNode(nodes);
  return { ok: true, value: { ...node, canonical: `{${canonical.sort().join(',')}}` } };
}

function partNode(part: string, predicate: CompiledPredicate, access: ValueAccess<MockRequest>): MatchNode {
  const { description, leafCount } = predicate;
  const test = (request: MockRequest): boolean => {
    try {
      return predicate.test(request, access);
    } catch (error) {
      // A body nested too deep for recursive code (a JSONPath value read as JSON text, a
      // recursive schema) overflows the stack: it does not match, rather than failing the request.
      if (error instanceof RangeError) return false;
      throw error;
    }
  };
  return {
    test,
    explain: (request) => (test(request) ? [] : [{ part, expected: description, actual: renderActual(access.text(request)) }]),
    description: `${part} ${description}`,
    canonical: predicate.canonical,
    count: leafCount,
  };
}

function allNode(children: readonly MatchNode[]): MatchNode {
  const tests = children.map((child) => child.test);
  return {
    test: (request) => {
      for (const test of tests) if (!test(request)) return false;
      return true;
    },
    explain: (request) => children.flatMap((child) => child.explain(request)),
    description: children.map((child) => child.description).join('; '),
    canonical: '',
    count: children.reduce((sum, child) => sum + child.count, 0),
  };
}

function anyNode(children: readonly MatchNode[]): MatchNode {
  const tests = children.map((child) => child.test);
  return {
    test: (request) => {
      for (const test of tests) if (test(request)) return true;
      return false;
    },
    explain: (request) => {
      // Report the alternative closest to matching: its mismatches are the actionable ones.
      let best: Mismatch[] | null = null;
      for (const child of children) {
        const mismatches = child.explain(request);
        if (mismatches.length === 0) return [];
        if (best === null || mismatches.length < best.length) best = mismatches;
      }
      const others = children.length - 1;
      const note = others > 0 ? ` (or one of ${others} other alternative${others > 1 ? 's' : ''})` : '';
      return (best ?? []).map((mismatch) => ({ ...mismatch, expected: `${mismatch.expected}${note}` }));
    },
    description: `any of (${children.map((child) => child.description).join(' | ')})`,
    canonical: '',
    // an `any` is as specific as its least specific alternative
    count: children.length === 0 ? 0 : Math.min(...children.map((child) => child.count)),
  };
}

function notNode(inner: MatchNode): MatchNode {
  return {
    test: (request) => !inner.test(request),
    explain: (request) => (inner.test(request) ? [{ part: 'match', expected: `not (${inner.description})`, actual: 'it matched' }] : []),
    description: `not (${inner.description})`,
    canonical: '',
    count: inner.count,
  };
}

function renderActual(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : value.join(', ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

// Own-property reads: a query parameter named "constructor" must not find Object.prototype's.
const own = <T>(record: Readonly<Record<string, T>>, name: string): T | undefined => (Object.hasOwn(record, name) ? record[name] : undefined);

function queryAccess(name: string): ValueAccess<MockRequest> {
  return { text: (r) => own(r.query, name), json: (r) => parseJsonText(own(r.query, name)) };
}

function headerAccess(name: string): ValueAccess<MockRequest> {
  return { text: (r) => own(r.headers, name), json: (r) => parseJsonText(own(r.headers, name)) };
}

function cookieAccess(name: string): ValueAccess<MockRequest> {
  return { text: (r) => own(r.cookies, name), json: (r) => parseJsonText(own(r.cookies, name)) };
}

/** A state value (JSON) read as text like a selected JSON value: strings as they are, the rest as JSON. */
function stateAccess(ref: StateRef): ValueAccess<MockRequest> {
  const read = (r: MockRequest): unknown => r.state?.read(ref);
  return { text: (r) => selectedValueAccess.text(read(r)), json: read };
}

/** Text predicates read bodyText (absent when empty), JSON predicates bodyJson. */
const bodyAccess: ValueAccess<MockRequest> = {
  text: (r) => (r.bodyText === '' ? undefined : r.bodyText),
  json: (r) => r.bodyJson,
};
