import fc from 'fast-check';
import type { MockRequest } from '../../src/plan/index.js';

/** A request as matchers see it, built the way the engine builds one (lower-case headers, a parsed JSON body when it is JSON). */
export function mockRequest(fields: {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[]>;
  cookies: Record<string, string>;
  bodyText: string;
}): MockRequest {
  let bodyJson: unknown;
  try {
    bodyJson = fields.bodyText === '' ? undefined : (JSON.parse(fields.bodyText) as unknown);
  } catch {
    bodyJson = undefined;
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(fields.query)) for (const item of [value].flat()) search.append(name, item);
  return { ...fields, url: `${fields.path}?${search.toString()}`, params: {}, bodyJson };
}

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('t-42', 'a', '', '5', '5.0', 'true', '{"a":1}', '[1,2]', 'aaaaaaaaaaaaaaaaaaaaaa!'));
const textOrList = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.array(text, { minLength: 2, maxLength: 3 }) });

/** Random requests: text, JSON and broken-JSON bodies, repeated query parameters and headers. */
export const mockRequests: fc.Arbitrary<MockRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'get', 'X'),
    path: fc.constantFrom('/', '/a', '/items/7', '/%2e%2e/x'),
    query: fc.dictionary(fc.constantFrom('q', 'page', 'a', 'filter', '__proto__', 'constructor'), textOrList, { maxKeys: 3 }),
    headers: fc.dictionary(fc.constantFrom('x-tenant', 'accept', 'content-type', 'cookie'), textOrList, { maxKeys: 3 }),
    cookies: fc.dictionary(fc.constantFrom('sid', 'a'), text, { maxKeys: 2 }),
    bodyText: fc.oneof(
      text,
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? ''),
    ),
  })
  .map(mockRequest);
