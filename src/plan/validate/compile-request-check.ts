import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ConfigIssue, RequestValidationConfig, Result } from '../../config/index.js';
import { toProblem } from '../../errors/index.js';
import type { MockRequest } from '../mock-request.js';
import type { PreparedResponse } from '../responders/types.js';
import { compileSecurityCheck } from './compile-security-check.js';
import { createOpenApiAjv } from './openapi-ajv.js';

/** One broken rule: where (`query` and its name, or `body` and a JSON pointer) and why. */
export interface Violation {
  readonly in: 'path' | 'query' | 'header' | 'cookie' | 'body';
  readonly name?: string;
  readonly pointer?: string;
  readonly message: string;
}

/**
 * An endpoint's `validate:` rules compiled: the request in, the refusal out (401 when credentials
 * are missing, 400 when a parameter is wrong, 422 when only the body is), or undefined for a valid request.
 */
export type RequestCheck = (request: MockRequest) => PreparedResponse | undefined;

/** One Ajv pair per Plan, created on first use: plans without `validate:` pay nothing. */
export interface RequestCheckCompiler {
  compile(rules: RequestValidationConfig, at: string): Result<RequestCheck, ConfigIssue[]>;
}

type ParameterRule = NonNullable<RequestValidationConfig['parameters']>[number];
interface CompiledParameter {
  readonly rule: ParameterRule;
  readonly validate: ValidateFunction | undefined;
  readonly isArray: boolean;
}
interface CompiledMedia {
  readonly mediaType: string;
  readonly validate: ValidateFunction;
}

/** Bodies are checked only when they are JSON or a form; other media types are checked by type. */
const JSON_TYPE = /^application\/(.+\+)?json$/;
const FORM_TYPE = 'application/x-www-form-urlencoded';
/** A crafted request could break thousands of rules: the answer lists this many. */
const MAX_VIOLATIONS = 100;

export function createRequestCheckCompiler(): RequestCheckCompiler {
  let params: Ajv2020 | undefined;
  let bodies: Ajv2020 | undefined;
  // Parameter schemas repeat (`{ type: string }`, a shared `limit`): each is compiled once per Ajv.
  const schemaChecks = new Map<Ajv2020, Map<string, ValidateFunction>>();
  const compileSchema = (ajv: Ajv2020, schema: Record<string, unknown>, at: string, issues: ConfigIssue[]): ValidateFunction | undefined => {
    const key = JSON.stringify(schema);
    let known = schemaChecks.get(ajv);
    if (known === undefined) schemaChecks.set(ajv, (known = new Map()));
    const found = known.get(key);
    if (found !== undefined) return found;
    try {
      const validate = ajv.compile(schema);
      known.set(key, validate);
      return validate;
    } catch (error) {
      issues.push({ path: at, message: `invalid JSON Schema: ${(error as Error).message}` });
      return undefined;
    }
  };
  // An imported operation's rules are copied to each of its status endpoints (`getPet:404`, ...):
  // identical rules share one compiled check (a 1,000-endpoint import compiled each 3-4 times).
  const compiled = new Map<string, RequestCheck>();
  return {
    compile(rules, at) {
      const key = JSON.stringify(rules);
      const known = compiled.get(key);
      if (known !== undefined) return { ok: true, value: known };
      const built = compileRules(rules, at);
      if (built.ok) compiled.set(key, built.value);
      return built;
    },
  };

  function compileRules(rules: RequestValidationConfig, at: string): Result<RequestCheck, ConfigIssue[]> {
    const issues: ConfigIssue[] = [];
    const parameters: CompiledParameter[] = (rules.parameters ?? []).map((rule, i) => {
      const schema = rule.schema;
      params ??= createOpenApiAjv(true);
      return {
        rule,
        validate:
          schema === undefined ? undefined : compileSchema(params, { type: 'object', properties: { value: schema } }, `${at}.parameters[${i}].schema`, issues),
        isArray: schema?.type === 'array',
      };
    });
    const media: CompiledMedia[] = [];
    for (const [mediaType, schema] of Object.entries(rules.body?.content ?? {})) {
      // Form fields are text, like query parameters: `size=4` counts as the integer 4.
      const form = mediaType.toLowerCase() === FORM_TYPE;
      const ajv = form ? (params ??= createOpenApiAjv(true)) : (bodies ??= createOpenApiAjv(false));
      const validate = compileSchema(ajv, schema, `${at}.body.content.${mediaType}`, issues);
      if (validate) media.push({ mediaType: mediaType.toLowerCase(), validate });
    }
    if (issues.length > 0) return { ok: false, error: issues };
    const security = rules.security === undefined ? undefined : compileSecurityCheck(rules.security);
    const bodyRequired = rules.body?.required === true;
    const checksBody = rules.body?.content !== undefined;
    return {
      ok: true,
      value: (request) => {
        // Like Prism: who you are before what you sent.
        const denied = security?.(request);
        if (denied !== undefined) return denied;
        const violations: Violation[] = [];
        for (const parameter of parameters) checkParameter(parameter, request, violations);
        const parameterCount = violations.length;
        if (checksBody || bodyRequired) checkBody(media, checksBody, bodyRequired, request, violations);
        if (violations.length === 0) return undefined;
        return refusal(parameterCount > 0 ? 'REQUEST_INVALID' : 'REQUEST_BODY_INVALID', violations.slice(0, MAX_VIOLATIONS), violations.length);
      },
    };
  }
}

function rawParameter(rule: ParameterRule, request: MockRequest): string | string[] | undefined {
  switch (rule.in) {
    case 'path':
      return request.params[rule.name];
    case 'query':
      return request.query[rule.name];
    case 'header':
      return request.headers[rule.name.toLowerCase()];
    case 'cookie':
      return request.cookies[rule.name];
  }
}

function checkParameter({ rule, validate, isArray }: CompiledParameter, request: MockRequest, violations: Violation[]): void {
  const raw = rawParameter(rule, request);
  if (raw === undefined) {
    if (rule.required === true || rule.in === 'path') violations.push({ in: rule.in, name: rule.name, message: 'is required' });
    return;
  }
  if (validate === undefined) return;
  // form style, explode false: `?ids=1,2,3` is one value holding the list.
  const value = isArray && typeof raw === 'string' ? (raw === '' ? [] : raw.split(',')) : raw;
  const holder = { value };
  if (validate(holder)) return;
  for (const error of validate.errors ?? []) {
    violations.push({ in: rule.in, name: rule.name, message: describe(error, '/value') });
  }
}

function mediaTypeOf(request: MockRequest): string | undefined {
  const header = request.headers['content-type'];
  const text = Array.isArray(header) ? header[0] : header;
  return text?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function findMedia(media: readonly CompiledMedia[], type: string): CompiledMedia | undefined {
  return (
    media.find((m) => m.mediaType === type) ??
    media.find((m) => m.mediaType.endsWith('/*') && type.startsWith(m.mediaType.slice(0, -1))) ??
    media.find((m) => m.mediaType === '*/*')
  );
}

function checkBody(media: readonly CompiledMedia[], checksType: boolean, required: boolean, request: MockRequest, violations: Violation[]): void {
  if (request.bodyText === '') {
    if (required) violations.push({ in: 'body', message: 'a request body is required' });
    return;
  }
  const type = mediaTypeOf(request);
  if (!checksType) return;
  const found = type === undefined ? undefined : findMedia(media, type);
  if (found === undefined) {
    const accepted = media.map((m) => m.mediaType).join(', ');
    violations.push({ in: 'body', message: `content-type ${type ?? '(none)'} is not accepted (accepted: ${accepted})` });
    return;
  }
  let value: unknown;
  if (type !== undefined && JSON_TYPE.test(type)) {
    value = request.bodyJson;
    if (value === undefined) {
      violations.push({ in: 'body', message: 'is not valid JSON' });
      return;
    }
  } else if (type === FORM_TYPE) {
    value = formFields(request.bodyText);
  } else {
    return;
  }
  try {
    if (found.validate(value)) return;
  } catch (error) {
    // A body nested deeper than the stack: refused, not a 500.
    if (!(error instanceof RangeError)) throw error;
    violations.push({ in: 'body', message: 'is nested too deeply to check' });
    return;
  }
  for (const error of found.validate.errors ?? []) violations.push({ in: 'body', pointer: error.instancePath || '/', message: describe(error, '') });
}

function formFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(text)) {
    const previous = fields[name];
    fields[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return fields;
}

/** Ajv's message with the place inside the value (`/items/0: must be integer`). */
function describe(error: ErrorObject, prefix: string): string {
  const place = error.instancePath.startsWith(prefix) ? error.instancePath.slice(prefix.length) : error.instancePath;
  const extra = error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
  const property = error.keyword === 'additionalProperties' ? ` ("${(error.params as { additionalProperty: string }).additionalProperty}")` : '';
  return `${place ? `${place}: ` : ''}${error.message ?? 'is invalid'}${extra}${property}`;
}

function refusal(code: 'REQUEST_INVALID' | 'REQUEST_BODY_INVALID', violations: Violation[], total: number): PreparedResponse {
  const detail = `${total} violation${total === 1 ? '' : 's'} of the endpoint's validation rules`;
  const status = code === 'REQUEST_INVALID' ? 400 : 422;
  const body = JSON.stringify(toProblem({ code, status, detail }, { violations }));
  return {
    status,
    headers: ['content-type', 'application/problem+json', 'x-mimicus-error', code, 'content-length', String(Buffer.byteLength(body))],
    body,
  };
}
