import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A Fastify app as the admin API makes it, with one route that has every kind of schema. */
async function appWithRoute(): Promise<ReturnType<typeof Fastify>> {
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });
  apps.push(app);
  app.post(
    '/items/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        querystring: { type: 'object', properties: { limit: { type: 'integer', default: 10 } } },
        headers: { type: 'object', properties: { 'x-tenant': { type: 'string', minLength: 2 } } },
        body: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
        response: { 200: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, limit: { type: 'integer' } } } },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const { limit } = request.query as { limit: number };
      // `secret` is not in the response schema: the serializer must drop it.
      return { id, name: (request.body as { name: string }).name, limit, secret: 'not for the client' };
    },
  );
  await app.ready();
  return app;
}

describe('lazySchemaCompilers', () => {
  it('validates, coerces and defaults request parts and serializes by the response schema, as Fastify does by default', async () => {
    const app = await appWithRoute();
    const answer = await app.inject({ method: 'POST', url: '/items/7', headers: { 'x-tenant': 'acme' }, payload: { name: 'a' } });
    expect(answer.statusCode).toBe(200);
    // The param is coerced to a number, the query default applied, and `secret` left out.
    expect(answer.body).toBe('{"id":7,"name":"a","limit":10}');
  });

  it("answers 400 with every problem Ajv found (allErrors), each call's own errors", async () => {
    const app = await appWithRoute();
    const bad = await app.inject({ method: 'POST', url: '/items/7', payload: { extra: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/must have required property 'name'/);
    expect(bad.json().message).toMatch(/must NOT have additional properties/);
    // A later valid call is not answered with the earlier call's errors.
    const good = await app.inject({ method: 'POST', url: '/items/8', payload: { name: 'b' } });
    expect(good.statusCode).toBe(200);
    const badHeader = await app.inject({ method: 'POST', url: '/items/9', headers: { 'x-tenant': 'a' }, payload: { name: 'c' } });
    expect(badHeader.statusCode).toBe(400);
    expect(badHeader.json().message).toMatch(/headers\/x-tenant must NOT have fewer than 2 characters/);
  });

  it('refuses a param that cannot be coerced', async () => {
    const app = await appWithRoute();
    const answer = await app.inject({ method: 'POST', url: '/items/seven', payload: { name: 'a' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().message).toMatch(/params\/id must be integer/);
  });
});
