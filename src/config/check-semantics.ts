import { compilePattern } from './compile-pattern.js';
import { checkUpstreamSemantics } from './check-upstream-semantics.js';
import { didYouMean } from './did-you-mean.js';
import { formatPath, type PathSegment } from './issue-path.js';
import type { ConfigIssue } from './result.js';

type Data = Record<string, unknown>;

const RESPONDERS = ['response', 'variants', 'sequence', 'crud', 'responses', 'proxy'] as const;
const BODIES = ['body', 'json', 'bodyFile'] as const;

/**
 * Rules the schema cannot express: exactly one responder per endpoint, at most one body per
 * response, unique endpoint ids, and regexes that compile. Reads the data defensively, so it can
 * run on a config that also failed the schema and every problem is reported in one pass.
 */
export function checkSemantics(raw: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!isData(raw)) return issues;
  const firstById = new Map<string, string>();
  const endpoints = Array.isArray(raw.endpoints) ? raw.endpoints : [];
  endpoints.forEach((endpoint: unknown, i) => {
    if (!isData(endpoint)) return;
    const at: PathSegment[] = ['endpoints', i];
    checkResponders(endpoint, at, issues);
    if (typeof endpoint.id === 'string') {
      const idPath = formatPath([...at, 'id']);
      const first = firstById.get(endpoint.id);
      if (first === undefined) firstById.set(endpoint.id, idPath);
      else issues.push({ path: idPath, message: `duplicate endpoint id "${endpoint.id}"`, related: [{ path: first }] });
    }
    if (isData(endpoint.response)) checkBodies(endpoint.response, [...at, 'response'], issues);
    if (Array.isArray(endpoint.variants)) {
      endpoint.variants.forEach((variant: unknown, v) => {
        if (isData(variant) && isData(variant.response)) checkBodies(variant.response, [...at, 'variants', v, 'response'], issues);
      });
    }
    if (isData(endpoint.sequence) && Array.isArray(endpoint.sequence.responses)) {
      endpoint.sequence.responses.forEach((response: unknown, r) => {
        if (isData(response)) checkBodies(response, [...at, 'sequence', 'responses', r], issues);
      });
    }
    if (isData(endpoint.responses)) {
      for (const [state, response] of Object.entries(endpoint.responses)) {
        if (isData(response)) checkBodies(response, [...at, 'responses', state], issues);
      }
    }
    if (endpoint.match !== undefined) checkRequestMatch(endpoint.match, [...at, 'match'], issues);
    if (endpoint.fallback !== undefined) checkFallback(endpoint, at, raw, issues);
  });
  checkWorkflows(raw, issues);
  const unmatched = isData(raw.server) && isData(raw.server.unmatched) ? raw.server.unmatched : undefined;
  if (unmatched && isData(unmatched.response)) checkBodies(unmatched.response, ['server', 'unmatched', 'response'], issues);
  checkUpstreamSemantics(raw, issues);
  return issues;
}

/** `fallback:` answers for a backend, so it needs `proxy:`; one given as `upstream` names a declared, other upstream. */
function checkFallback(endpoint: Data, at: PathSegment[], raw: Data, issues: ConfigIssue[]): void {
  const fallback = endpoint.fallback;
  if (!isData(endpoint.proxy)) issues.push({ path: formatPath([...at, 'fallback']), message: 'needs proxy: a fallback answers when the backend fails' });
  if (!isData(fallback)) return;
  if (!Array.isArray(fallback.variants) && fallback.upstream === undefined) checkBodies(fallback, [...at, 'fallback'], issues);
  if (typeof fallback.upstream !== 'string') return;
  const ids = (Array.isArray(raw.upstreams) ? raw.upstreams : []).flatMap((u: unknown) => (isData(u) && typeof u.id === 'string' ? [u.id] : []));
  if (!ids.includes(fallback.upstream)) {
    const suggestion = didYouMean(fallback.upstream, ids);
    issues.push({
      path: formatPath([...at, 'fallback', 'upstream']),
      message: `no upstream has id "${fallback.upstream}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    });
  } else if (isData(endpoint.proxy) && endpoint.proxy.upstream === fallback.upstream) {
    issues.push({ path: formatPath([...at, 'fallback', 'upstream']), message: 'must name another upstream than proxy.upstream' });
  }
}

function checkResponders(endpoint: Data, at: PathSegment[], issues: ConfigIssue[]): void {
  const given = RESPONDERS.filter((key) => endpoint[key] !== undefined);
  // `respnse:` already gets "unknown key (did you mean "response"?)"; saying "none given" too is noise.
  const misspelled = Object.keys(endpoint).some((key) => !given.includes(key as never) && didYouMean(key, RESPONDERS) !== undefined);
  if (given.length === 0 && !misspelled) {
    issues.push({ path: formatPath(at), message: `needs one of ${RESPONDERS.join(', ')} (none is given)` });
  }
  // `response` is the fallback of `responses` (the states it does not list), so those two go together.
  const exclusive = given.includes('responses') && given.includes('response') ? given.filter((key) => key !== 'response') : given;
  for (const extra of exclusive.slice(1)) {
    issues.push({
      path: formatPath([...at, extra]),
      message: `cannot be used together with ${exclusive[0]!} (an endpoint has exactly one of ${RESPONDERS.join(', ')}; response may also be the fallback of responses)`,
    });
  }
}

function checkWorkflows(raw: Data, issues: ConfigIssue[]): void {
  const workflows = Array.isArray(raw.workflows) ? raw.workflows : [];
  const firstById = new Map<string, string>();
  workflows.forEach((workflow: unknown, i) => {
    if (!isData(workflow)) return;
    const at: PathSegment[] = ['workflows', i];
    if (typeof workflow.id === 'string') {
      const idPath = formatPath([...at, 'id']);
      const first = firstById.get(workflow.id);
      if (first === undefined) firstById.set(workflow.id, idPath);
      else issues.push({ path: idPath, message: `duplicate workflow id "${workflow.id}"`, related: [{ path: first }] });
    }
    const given = ['endpoints', 'match'].filter((key) => workflow[key] !== undefined);
    if (given.length === 0)
      issues.push({
        path: formatPath(at),
        message: 'needs endpoints (a list of endpoint ids) or match (pathPrefix, tags) to say which endpoints belong to it',
      });
    if (given.length === 2)
      issues.push({ path: formatPath([...at, 'match']), message: 'cannot be used together with endpoints (a workflow names its members one way)' });
    if (isData(workflow.match) && workflow.match.pathPrefix === undefined && workflow.match.tags === undefined) {
      issues.push({ path: formatPath([...at, 'match']), message: 'needs pathPrefix or tags' });
    }
    const transitions = isData(workflow.states) && Array.isArray(workflow.states.transitions) ? workflow.states.transitions : [];
    transitions.forEach((transition: unknown, t) => {
      if (isData(transition) && transition.when !== undefined) checkRequestMatch(transition.when, [...at, 'states', 'transitions', t, 'when'], issues);
    });
  });
}

function checkBodies(response: Data, at: PathSegment[], issues: ConfigIssue[]): void {
  const given = BODIES.filter((key) => response[key] !== undefined);
  for (const extra of given.slice(1)) {
    issues.push({
      path: formatPath([...at, extra]),
      message: `cannot be used together with ${given[0]!} (a response has at most one of ${BODIES.join(', ')})`,
    });
  }
}

function checkRequestMatch(match: unknown, at: PathSegment[], issues: ConfigIssue[]): void {
  if (!isData(match)) return;
  for (const part of ['query', 'headers', 'cookies'] as const) {
    const predicates = match[part];
    if (!isData(predicates)) continue;
    for (const [name, predicate] of Object.entries(predicates)) checkPredicate(predicate, [...at, part, name], issues);
  }
  if (match.body !== undefined) checkPredicate(match.body, [...at, 'body'], issues);
  if (isData(match.state)) {
    for (const [name, predicate] of Object.entries(match.state)) checkPredicate(predicate, [...at, 'state', name], issues);
  }
  for (const list of ['all', 'any'] as const) {
    const items = match[list];
    if (Array.isArray(items)) items.forEach((item: unknown, i) => checkRequestMatch(item, [...at, list, i], issues));
  }
  if (match.not !== undefined) checkRequestMatch(match.not, [...at, 'not'], issues);
}

function checkPredicate(predicate: unknown, at: PathSegment[], issues: ConfigIssue[]): void {
  if (!isData(predicate)) return;
  if (typeof predicate.regex === 'string') {
    // Bad flags are the schema's to report; compile without them so the pattern is still checked.
    const flags = typeof predicate.flags === 'string' && /^[imsu]*$/.test(predicate.flags) ? predicate.flags : '';
    const problem = regexProblem(predicate.regex, flags);
    if (problem) issues.push({ path: formatPath([...at, 'regex']), message: `does not compile: ${problem}` });
  }
  for (const list of ['all', 'any'] as const) {
    const items = predicate[list];
    if (Array.isArray(items)) items.forEach((item: unknown, i) => checkPredicate(item, [...at, list, i], issues));
  }
  if (predicate.not !== undefined) checkPredicate(predicate.not, [...at, 'not'], issues);
  if (predicate.value !== undefined) checkPredicate(predicate.value, [...at, 'value'], issues);
}

/** Compiled as the plan will run it (RE2 syntax), so what validates is what serves. */
function regexProblem(pattern: string, flags: string): string | undefined {
  const compiled = compilePattern(pattern, { flags });
  return compiled.ok ? undefined : compiled.error;
}

function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
