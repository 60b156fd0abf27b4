import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config/index.js';
import type { ErrorCode } from '../../errors/index.js';
import type { AdminContext } from '../admin-context.js';
import { applyMergePatch } from '../../config/index.js';
import { sendProblem, sendRejection } from '../problem.js';
import { describeChange, withCurrentAdmin } from './config-routes.js';

/** A list of the config whose items have ids: `endpoints` or `workflows`. */
export interface CollectionSpec {
  readonly name: 'endpoints' | 'workflows';
  readonly singular: string;
  readonly notFound: ErrorCode;
  readonly exists: ErrorCode;
}

type Item = { readonly id: string } & Record<string, unknown>;

const itemsOf = (config: Config, name: CollectionSpec['name']): Item[] => (config[name] ?? []) as unknown as Item[];

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } } as const;

/**
 * List, get, create, replace, patch and delete one item of the config. Each change builds a whole
 * new config document and goes through the same apply as PUT /api/config.
 */
export function registerCollectionRoutes(app: FastifyInstance, context: AdminContext, spec: CollectionSpec): void {
  const { config: port } = context;
  const { name, singular } = spec;
  const base = `/api/${name}`;
  const itemBody = {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', minLength: 1 } },
    additionalProperties: true,
    description: `A ${singular} as written in the config (validated in full by Mimicus)`,
  } as const;
  const tags = [name];

  const find = (id: string) => itemsOf(port.current(), name).find((item) => item.id === id);
  /** Applies `config` with `items` as the collection and answers with `answer` on success. */
  const applyItems = async (
    items: readonly unknown[],
    request: Parameters<AdminContext['changeOf']>[0],
    reply: FastifyReply,
    answer: (reply: FastifyReply) => FastifyReply,
  ) => {
    const current = port.current();
    const candidate = withCurrentAdmin({ ...current, [name]: items }, current);
    const outcome = await port.apply(candidate, context.changeOf(request));
    return outcome.ok ? answer(describeChange(reply, outcome)) : sendRejection(reply, outcome.rejection, candidate);
  };

  app.get(base, { schema: { summary: `Every ${singular}`, tags } }, async () => ({ items: itemsOf(port.current(), name) }));

  app.get<{ Params: { id: string } }>(`${base}/:id`, { schema: { summary: `One ${singular}`, tags, params: idParams } }, async (request, reply) => {
    const item = find(request.params.id);
    return item ?? sendProblem(reply, spec.notFound, `no ${singular} "${request.params.id}"`);
  });

  app.post<{ Body: Item }>(base, { schema: { summary: `Add a ${singular}`, tags, body: itemBody } }, async (request, reply) =>
    port.exclusive(async () => {
      const item = request.body;
      if (find(item.id)) return sendProblem(reply, spec.exists, `${singular} "${item.id}" already exists`);
      return applyItems([...itemsOf(port.current(), name), item], request, reply, (r) =>
        r
          .code(201)
          .header('location', `${base}/${encodeURIComponent(item.id)}`)
          .send(find(item.id)),
      );
    }),
  );

  app.put<{ Params: { id: string }; Body: Item }>(
    `${base}/:id`,
    { schema: { summary: `Replace a ${singular}`, tags, params: idParams, body: { ...itemBody, required: [] } } },
    async (request, reply) =>
      port.exclusive(async () => {
        const { id } = request.params;
        const item = { ...request.body, id: request.body.id ?? id };
        if (item.id !== id) return sendProblem(reply, 'ADMIN_REQUEST_INVALID', `body id "${item.id}" differs from "${id}" in the path`);
        if (!find(id)) return sendProblem(reply, spec.notFound, `no ${singular} "${id}"`);
        const items = itemsOf(port.current(), name).map((existing) => (existing.id === id ? item : existing));
        return applyItems(items, request, reply, (r) => r.send(find(id)));
      }),
  );

  app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
    `${base}/:id`,
    {
      schema: {
        summary: `Change a ${singular} with a JSON merge patch (RFC 7396; null removes a field)`,
        tags,
        params: idParams,
        body: { type: 'object', additionalProperties: true },
      },
    },
    async (request, reply) =>
      port.exclusive(async () => {
        const { id } = request.params;
        const existing = find(id);
        if (!existing) return sendProblem(reply, spec.notFound, `no ${singular} "${id}"`);
        const patched = applyMergePatch(existing, request.body) as Item;
        if (patched.id !== id) return sendProblem(reply, 'ADMIN_REQUEST_INVALID', `a patch cannot change the id of ${singular} "${id}"`);
        const items = itemsOf(port.current(), name).map((item) => (item.id === id ? patched : item));
        return applyItems(items, request, reply, (r) => r.send(find(id)));
      }),
  );

  app.delete<{ Params: { id: string } }>(`${base}/:id`, { schema: { summary: `Remove a ${singular}`, tags, params: idParams } }, async (request, reply) =>
    port.exclusive(async () => {
      const { id } = request.params;
      if (!find(id)) return sendProblem(reply, spec.notFound, `no ${singular} "${id}"`);
      const items = itemsOf(port.current(), name).filter((item) => item.id !== id);
      return applyItems(items, request, reply, (r) => r.code(204).send());
    }),
  );
}
