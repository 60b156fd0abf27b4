import type { Predicate, RequestMatch } from '../../config/index.js';
import { escapeRegex, regexProblem } from '../foreign/index.js';
import type { ImportWarning } from '../import-types.js';
import { toJsonPath } from './mockoon-dialect.js';

type Json = Record<string, unknown>;

/** What a response's rules become: a match, and constraints on route parameters (`params` rules). */
export interface ConvertedRules {
  match?: RequestMatch;
  /** Route parameter → regex the segment must match entirely. */
  params: Map<string, string>;
  /** False when a rule could not be expressed (then the response matches more than in Mockoon). */
  complete: boolean;
}

/**
 * A Mockoon response's rules (targets body, query, header, cookie, params; operators equals, regex,
 * regex_i, null, empty_array, array_includes; `invert`; AND / OR) as our request match. Rules on
 * route parameters become path constraints, which only an AND (or a single rule) can express.
 */
export function convertRules(rules: Json[], operator: unknown, at: string, warnings: ImportWarning[]): ConvertedRules {
  const and = operator === 'AND' || rules.length === 1;
  const params = new Map<string, string>();
  const parts: RequestMatch[] = [];
  let complete = true;
  rules.forEach((rule, i) => {
    const where = `${at}[${i}]`;
    if (rule.target === 'params') {
      const constraint = paramConstraint(rule);
      if (and && constraint !== undefined && !params.has(String(rule.modifier))) params.set(String(rule.modifier), constraint);
      else {
        complete = false;
        warnings.push({ source: where, message: 'this rule on a route parameter can only be imported alone or under AND (as a path constraint): left out' });
      }
      return;
    }
    const part = convertRule(rule, where, warnings);
    if (part === undefined) complete = false;
    else parts.push(part);
  });
  if (parts.length === 0) return { params, complete };
  if (parts.length === 1) return { match: parts[0]!, params, complete };
  return { match: and ? { all: parts } : { any: parts }, params, complete };
}

function valuePredicate(rule: Json, where: string, warnings: ImportWarning[]): Predicate | undefined {
  const value = String(rule.value ?? '');
  switch (rule.operator) {
    case 'equals':
    case undefined:
      return { equals: value };
    case 'regex':
    case 'regex_i': {
      const flags = rule.operator === 'regex_i' ? 'i' : '';
      const problem = regexProblem(value, flags);
      if (problem !== undefined) {
        warnings.push({ source: where, message: `regex ${JSON.stringify(value)} cannot run in our linear-time engine (${problem}): left out` });
        return undefined;
      }
      return flags ? { regex: value, flags } : { regex: value };
    }
    case 'null':
      return { absent: true };
    case 'empty_array':
      return { any: [{ absent: true }, { equals: [] }] };
    case 'array_includes':
      return { equals: value };
    default:
      warnings.push({
        source: where,
        message: `rule operator ${JSON.stringify(rule.operator)} has no equivalent (valid_json_schema needs the schema inline): left out`,
      });
      return undefined;
  }
}

function convertRule(rule: Json, where: string, warnings: ImportWarning[]): RequestMatch | undefined {
  const modifier = String(rule.modifier ?? '');
  const predicate = valuePredicate(rule, where, warnings);
  if (predicate === undefined) return undefined;
  let part: RequestMatch;
  switch (rule.target) {
    case 'body':
      part = { body: modifier === '' ? predicate : { jsonPath: toJsonPath(modifier), value: predicate } };
      break;
    case 'query':
      // Mockoon reads `obj.prop` from a parsed query (?obj[prop]=…); ours names the raw parameter.
      part = { query: { [modifier.replace(/\.([^.]+)/g, '[$1]')]: predicate } };
      break;
    case 'header':
      part = { headers: { [modifier.toLowerCase()]: predicate } };
      break;
    case 'cookie':
      part = { cookies: { [modifier]: predicate } };
      break;
    default:
      warnings.push({ source: where, message: `rule target ${JSON.stringify(rule.target)} has no equivalent here: left out` });
      return undefined;
  }
  return rule.invert === true ? { not: part } : part;
}

/** A regex the whole segment must match, for a rule on a route parameter. */
function paramConstraint(rule: Json): string | undefined {
  if (rule.invert === true) return undefined;
  const value = String(rule.value ?? '');
  let regex: string;
  if (rule.operator === 'equals') regex = escapeRegex(value);
  else if (rule.operator === 'regex') regex = `.*(?:${value}).*`;
  else return undefined;
  if (regex.includes('/') || regex.includes('}') || regexProblem(`^(?:${regex})$`) !== undefined) return undefined;
  return regex;
}
