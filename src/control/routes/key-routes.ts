import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyStore } from '../api-keys/index.js';
import type { AdminRole } from '../authenticate.js';
import { sendProblem } from '../problem.js';

const storedKey = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['read', 'admin'] },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: 'string', format: 'date-time' },
    revoked: { type: 'boolean' },
  },
} as const;

export interface KeyRouteOptions {
  readonly store: ApiKeyStore;
  /** Names of the keys in the config: a stored key may not take one (it would blur who authored a change). */
  readonly configNames: readonly string[];
  /** The role the request authenticated with. */
  roleOf(request: FastifyRequest): AdminRole;
}

/**
 * `/api/keys`: create (the secret is shown once), list and revoke stored API keys. Admin role
 * only, reading included: a read key has no business listing who else holds keys.
 */
export function registerKeyRoutes(app: FastifyInstance, options: KeyRouteOptions): void {
  const { store } = options;
  const tags = ['keys'];

  app.register(async (scope) => {
    scope.addHook('preHandler', async (request, reply) => {
      if (options.roleOf(request) !== 'admin') return sendProblem(reply, 'ADMIN_FORBIDDEN', 'only a key with role "admin" may manage API keys');
    });

    scope.post(
      '/api/keys',
      {
        schema: {
          summary: 'Create an API key; its secret is in this answer only',
          tags,
          body: {
            type: 'object',
            required: ['name', 'role'],
            additionalProperties: false,
            properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, role: { type: 'string', enum: ['read', 'admin'] } },
          },
          response: { 201: { type: 'object', properties: { ...storedKey.properties, key: { type: 'string' } } } },
        },
      },
      async (request, reply) => {
        const { name, role } = request.body as { name: string; role: AdminRole };
        const taken = options.configNames.includes(name) || (await store.list()).some((key) => key.name === name && !key.revoked);
        if (taken) return sendProblem(reply, 'ADMIN_KEY_EXISTS', `a key named "${name}" exists: names are the authors recorded with changes`);
        const { key, secret } = await store.create({ name, role });
        return reply.code(201).send({ ...key, key: secret });
      },
    );

    scope.get(
      '/api/keys',
      {
        schema: {
          summary: 'Stored API keys, revoked ones included (never their secrets)',
          tags,
          response: { 200: { type: 'object', properties: { items: { type: 'array', items: storedKey } } } },
        },
      },
      async () => ({ items: await store.list() }),
    );

    scope.delete(
      '/api/keys/:id',
      {
        schema: {
          summary: 'Revoke a stored API key',
          tags,
          params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: number };
        if (!(await store.revoke(id))) return sendProblem(reply, 'ADMIN_KEY_NOT_FOUND', `no stored API key with id ${id}`);
        return reply.code(204).send();
      },
    );
  });
}
