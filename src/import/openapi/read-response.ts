import type { SpecVersion } from './bundle-schema.js';
import { isObject, type RefResolver } from './resolve-refs.js';

/** A schema node and the document it sits in (refs inside it resolve from there). */
export interface SchemaAt {
  readonly node: unknown;
  readonly base: string;
}

export interface NamedExample {
  readonly name: string;
  readonly value: unknown;
}

/** One documented response, version-neutral: its media type, schema, examples and headers. */
export interface DocumentedResponse {
  readonly mediaType: string | undefined;
  readonly schema: SchemaAt | undefined;
  /** The `example` (named "default") or the named `examples`, in document order. */
  readonly examples: readonly NamedExample[];
  readonly headers: ReadonlyMap<string, { readonly example: unknown; readonly schema: SchemaAt | undefined }>;
  readonly warnings: readonly string[];
}

const JSON_MEDIA = /^application\/(.+\+)?json(;|$)/i;

/** application/json first, then any +json type, then the first one listed. */
export function preferredMediaType(types: readonly string[]): string | undefined {
  return types.find((t) => t.toLowerCase().startsWith('application/json')) ?? types.find((t) => JSON_MEDIA.test(t)) ?? types[0];
}

export const isJsonMedia = (mediaType: string | undefined): boolean => mediaType === undefined || JSON_MEDIA.test(mediaType);

/** A 2.0 `produces` list, the operation's over the document's. */
export function producesOf(operation: Record<string, unknown>, document: Record<string, unknown>): string[] {
  const list = Array.isArray(operation.produces) ? operation.produces : Array.isArray(document.produces) ? document.produces : [];
  return list.filter((t): t is string => typeof t === 'string');
}

/** Reads one entry of `responses` (after `$ref`), for 2.0 or 3.x. */
export function readResponse(raw: unknown, base: string, version: SpecVersion, resolver: RefResolver, produces: readonly string[]): DocumentedResponse {
  const warnings: string[] = [];
  const found = resolver.deref(raw, base);
  if (found === undefined || !isObject(found.node)) {
    return { mediaType: undefined, schema: undefined, examples: [], headers: new Map(), warnings: ['response $ref leads nowhere; answered without a body'] };
  }
  const response = found.node;
  const at = found.base;
  const headers = new Map<string, { example: unknown; schema: SchemaAt | undefined }>();
  if (isObject(response.headers)) {
    for (const [name, rawHeader] of Object.entries(response.headers)) {
      if (name.toLowerCase() === 'content-type' || name.toLowerCase() === 'content-length') continue;
      const header = resolver.deref(rawHeader, at);
      if (!header || !isObject(header.node)) continue;
      const schemaNode = version === '2.0' ? header.node : header.node.schema;
      headers.set(name, { example: header.node.example, schema: schemaNode === undefined ? undefined : { node: schemaNode, base: header.base } });
    }
  }
  if (version === '2.0') {
    const examples = isObject(response.examples) ? response.examples : {};
    const listed = Object.keys(examples);
    const mediaType = response.schema === undefined && listed.length === 0 ? undefined : preferredMediaType([...listed, ...produces, 'application/json']);
    const example = mediaType !== undefined && Object.hasOwn(examples, mediaType) ? [{ name: 'default', value: examples[mediaType] }] : [];
    return { mediaType, schema: response.schema === undefined ? undefined : { node: response.schema, base: at }, examples: example, headers, warnings };
  }
  const content = isObject(response.content) ? response.content : {};
  const mediaType = preferredMediaType(Object.keys(content));
  if (mediaType === undefined) return { mediaType, schema: undefined, examples: [], headers, warnings };
  const media = isObject(content[mediaType]) ? (content[mediaType] as Record<string, unknown>) : {};
  const examples: NamedExample[] = [];
  if (media.example !== undefined) examples.push({ name: 'default', value: media.example });
  if (isObject(media.examples)) {
    for (const [name, rawExample] of Object.entries(media.examples)) {
      const example = resolver.deref(rawExample, at);
      if (!example || !isObject(example.node)) {
        warnings.push(`examples.${name}: $ref leads nowhere; left out`);
      } else if (example.node.value !== undefined) {
        examples.push({ name, value: example.node.value });
      } else if (typeof example.node.externalValue === 'string') {
        warnings.push(`examples.${name}: externalValue ${example.node.externalValue} is not fetched; left out`);
      }
    }
  }
  return { mediaType, schema: media.schema === undefined ? undefined : { node: media.schema, base: at }, examples, headers, warnings };
}
