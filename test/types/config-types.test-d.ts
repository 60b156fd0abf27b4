import { expectTypeOf, test } from 'vitest';
import type { Config, Endpoint, HttpMethod, Predicate } from '../../src/config/index.js';

test('config types accept what users write', () => {
  expectTypeOf<'GET'>().toExtend<HttpMethod>();
  expectTypeOf<'GET'>().toExtend<NonNullable<Endpoint['method']>>();
  expectTypeOf<['GET', 'POST']>().toExtend<NonNullable<Endpoint['method']>>();
  expectTypeOf<{ regex: string }>().toExtend<Predicate>();
  expectTypeOf<{ version: 2; endpoints: [{ id: 'a'; path: '/a'; method: 'GET'; response: { json: { ok: true } } }] }>().toExtend<Config>();
});

test('HttpMethods lists exactly the methods the schema accepts', () => {
  expectTypeOf<(typeof import('../../src/config/index.js').HttpMethods)[number]>().toEqualTypeOf<HttpMethod>();
});
