import type { RequestValidationConfig } from '../../config/index.js';
import type { SchemaBundler, SpecVersion } from './bundle-schema.js';
import { isObject, type RefResolver } from './resolve-refs.js';

type ParameterRule = NonNullable<RequestValidationConfig['parameters']>[number];
type Located = { readonly param: Record<string, unknown>; readonly base: string };

/** OpenAPI says these header parameters are ignored (the media type and security rules own them). */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);
/** Keys of a 2.0 parameter that describe the parameter, not its value's schema. */
const PARAMETER_KEYS = new Set(['name', 'in', 'required', 'description', 'collectionFormat', 'allowEmptyValue', 'x-example']);

/** The path item's parameters overlaid by the operation's (same `in` and `name`), each after `$ref`. */
export function parametersOf(pathItem: Located['param'], operation: Located['param'], base: string, resolver: RefResolver): Located[] {
  const byKey = new Map<string, Located>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const found = resolver.deref(raw, base);
      if (!found || !isObject(found.node) || typeof found.node.name !== 'string' || typeof found.node.in !== 'string') continue;
      byKey.set(`${found.node.in}:${found.node.name}`, { param: found.node, base: found.base });
    }
  }
  return [...byKey.values()];
}

export interface RulesInput {
  readonly version: SpecVersion;
  readonly parameters: readonly Located[];
  readonly operation: Record<string, unknown>;
  readonly document: Record<string, unknown>;
  readonly base: string;
  /** OpenAPI path parameter name → its name in the endpoint's path template. */
  readonly pathNames: ReadonlyMap<string, string>;
  readonly source: string;
}

/**
 * The operation's `validate:` rules: every path, query, header and cookie parameter with its
 * schema, and the request body's media types with theirs (readOnly properties left out).
 */
export function requestRules(input: RulesInput, resolver: RefResolver, bundler: SchemaBundler): RequestValidationConfig {
  const { version, parameters, operation, document, base, pathNames, source } = input;
  const rules: ParameterRule[] = [];
  const formFields: Record<string, unknown> = {};
  const formRequired: string[] = [];
  let bodyParam: Located | undefined;
  for (const { param, base: at } of parameters) {
    const where = param.in as string;
    const name = param.name as string;
    if (where === 'body') bodyParam = { param, base: at };
    if (where === 'formData') {
      formFields[name] = version === '2.0' ? bundler.bundle(schemaOf2(param), at, 'request', `${source}.parameters.${name}`) : {};
      if (param.required === true) formRequired.push(name);
    }
    if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') continue;
    if (where === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) continue;
    const schemaNode = version === '2.0' ? schemaOf2(param) : param.schema;
    const schema = schemaNode === undefined ? undefined : bundler.bundle(schemaNode, at, 'request', `${source}.parameters.${name}`);
    rules.push({
      in: where,
      name: where === 'path' ? (pathNames.get(name) ?? name) : name,
      ...(param.required === true || where === 'path' ? { required: true } : {}),
      ...(schema !== undefined ? { schema } : {}),
    });
  }
  const body =
    version === '2.0' ? body2(bodyParam, formFields, formRequired, operation, document, bundler, source) : body3(operation, base, resolver, bundler, source);
  return { ...(rules.length > 0 ? { parameters: rules } : {}), ...(body !== undefined ? { body } : {}) };
}

function schemaOf2(param: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(param).filter(([key]) => !PARAMETER_KEYS.has(key) && !key.startsWith('x-')));
}

type BodyRules = NonNullable<RequestValidationConfig['body']>;

function body3(operation: Record<string, unknown>, base: string, resolver: RefResolver, bundler: SchemaBundler, source: string): BodyRules | undefined {
  if (operation.requestBody === undefined) return undefined;
  const found = resolver.deref(operation.requestBody, base);
  if (!found || !isObject(found.node)) return undefined;
  const content = isObject(found.node.content) ? found.node.content : {};
  const rules: Record<string, Record<string, unknown>> = {};
  for (const [mediaType, media] of Object.entries(content)) {
    const schema = isObject(media) ? media.schema : undefined;
    rules[mediaType] = schema === undefined ? {} : bundler.bundle(schema, found.base, 'request', `${source}.requestBody.content.${mediaType}`);
  }
  return { ...(found.node.required === true ? { required: true } : {}), ...(Object.keys(rules).length > 0 ? { content: rules } : {}) };
}

function body2(
  bodyParam: Located | undefined,
  formFields: Record<string, unknown>,
  formRequired: string[],
  operation: Record<string, unknown>,
  document: Record<string, unknown>,
  bundler: SchemaBundler,
  source: string,
): BodyRules | undefined {
  const consumes = (Array.isArray(operation.consumes) ? operation.consumes : Array.isArray(document.consumes) ? document.consumes : []).filter(
    (t): t is string => typeof t === 'string',
  );
  if (bodyParam !== undefined) {
    const schema = bundler.bundle(bodyParam.param.schema ?? {}, bodyParam.base, 'request', `${source}.parameters.body`);
    const types = consumes.length > 0 ? consumes : ['application/json'];
    return { ...(bodyParam.param.required === true ? { required: true } : {}), content: Object.fromEntries(types.map((t) => [t, schema])) };
  }
  if (Object.keys(formFields).length === 0) return undefined;
  const schema = { type: 'object', properties: formFields, ...(formRequired.length > 0 ? { required: formRequired } : {}) };
  const types = consumes.length > 0 ? consumes : ['application/x-www-form-urlencoded', 'multipart/form-data'];
  return { ...(formRequired.length > 0 ? { required: true } : {}), content: Object.fromEntries(types.map((t) => [t, schema])) };
}
