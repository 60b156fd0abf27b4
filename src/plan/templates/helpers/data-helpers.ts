/**
 * Reading and writing structured values:
 *   {{jsonPath request.body "$.user.name"}}   one value for a definite path; an array for paths
 *                                             with *, .., filters, slices or unions; JSON text is parsed
 *   {{json value}}  {{json value pretty=true}}   JSON.stringify (undefined renders as null)
 *   {{default value "fallback"}}              the value unless it is undefined, null or ""
 *   {{size value}}                            length of an array or string, key count of an object
 *   {{array a b c}}                           a new array of the arguments
 *   {{object id=1 name=request.body.name}}    a new object of the named arguments
 *   {{append list item}}                      a new array: the list (nothing counts as []) plus item,
 *                                             so state lists grow with {{state.set "cart" (append (state.get "cart") request.body)}}
 * A helper returning an object renders as "[object Object]": wrap it, {{json (jsonPath …)}}.
 */
import { JSONPath } from 'jsonpath-plus';
import { describe } from './argument.js';
import type { HelperFamily } from './helper-definition.js';

// Jayway's rule, which WireMock users know: these make a path return a list.
const indefinite = /\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]/;

export function selectJsonPath(value: unknown, path: string): unknown {
  const json: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (json === null || typeof json !== 'object') throw new TypeError(`cannot query ${describe(value)} with a JSONPath`);
  // eval: 'safe' is the v10 default; say so, since paths come from config and API edits.
  const found = JSONPath({ path, json, wrap: true, eval: 'safe' }) as unknown[];
  return indefinite.test(path) ? found : found[0];
}

export function dataHelpers(): HelperFamily {
  return {
    jsonPath: {
      run: (args) => {
        if (typeof args[1] !== 'string') throw new TypeError('the path must be a string like "$.a.b"');
        return selectJsonPath(args[0], args[1]);
      },
      check: (call) => {
        if (call.params.length !== 2) return `expects 2 arguments (value path), got ${call.params.length}`;
        const path = call.params[1]!;
        if (path.literal && (typeof path.value !== 'string' || !path.value.startsWith('$'))) return 'the path must be a string starting with "$"';
        return undefined;
      },
    },
    json: {
      run: (args, options) => JSON.stringify(args[0] ?? null, null, options.hash.pretty === true ? 2 : undefined),
      check: (call) => (call.params.length !== 1 ? `expects 1 argument, got ${call.params.length}` : undefined),
    },
    // What a `json:` leaf written as one `{{…}}` renders through (typed-json-template.ts): a value as
    // JSON of its own type, text that already reads as JSON as that value, other text as a string.
    jsonValue: {
      run: (args) => typedJson(args[0]),
      check: (call) => (call.params.length !== 1 ? `expects 1 argument, got ${call.params.length}` : undefined),
    },
    default: {
      run: (args) => (args[0] === undefined || args[0] === null || args[0] === '' ? args[1] : args[0]),
      check: (call) => (call.params.length !== 2 ? `expects 2 arguments (value fallback), got ${call.params.length}` : undefined),
    },
    array: {
      run: (args) => [...args],
    },
    object: {
      // Handlebars' compiled code builds the hash from the last pair to the first; reversed, the
      // keys come out in the order the template wrote them.
      run: (_args, options) => Object.fromEntries(Object.entries(options.hash as Record<string, unknown>).reverse()),
      check: (call) => (call.params.length !== 0 ? 'takes named arguments only: {{object id=1 name="x"}}' : undefined),
    },
    append: {
      run: ([list, item]) => {
        if (list !== undefined && list !== null && !Array.isArray(list)) throw new TypeError(`the list must be an array or nothing, got ${describe(list)}`);
        return [...(list ?? []), item];
      },
      check: (call) => (call.params.length !== 2 ? `expects 2 arguments (list item), got ${call.params.length}` : undefined),
    },
    size: {
      run: ([value]) => {
        if (typeof value === 'string' || Array.isArray(value)) return value.length;
        if (value !== null && typeof value === 'object') return Object.keys(value).length;
        return 0;
      },
      check: (call) => (call.params.length !== 1 ? `expects 1 argument, got ${call.params.length}` : undefined),
    },
  };
}

function typedJson(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value ?? null) ?? 'null';
  const text = value.trim();
  if (text === '') return '""';
  try {
    JSON.parse(text);
    return text;
  } catch {
    return JSON.stringify(value);
  }
}
