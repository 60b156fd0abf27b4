import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import type { ErrorCode } from '../../errors/index.js';
import type { AdminContext } from '../admin-context.js';
import { applyMergePatch } from '../../config/index.js';
import { sendProblem, sendRejection } from '../problem.js';
import { describeChange, withCurrentAdmin } from './config-routes.js';

/** Why an item may not go: a code from the shared table, a detail naming what stands in the way. */
export interface RemovalRefusal {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly extensions?: Record<string, unknown>;
}

/** A list of the config whose items have ids: `endpoints`, `workflows` or `upstreams`. */
export interface CollectionSpec {
  readonly name: 'endpoints' | 'workflows' | 'upstreams';
  readonly singular: string;
  readonly notFound: ErrorCode;
  readonly exists: ErrorCode;
  /**
   * How the items are read as written in the config: `collection` serves `GET /api/{name}` and
   * `GET /api/{name}/{id}`; `item-config` serves `GET /api/{name}/{id}/config` only, for a
   * collection whose `GET /api/{name}[/{id}]` is a live view served elsewhere (upstreams).
   */
  readonly reads: 'collection' | 'item-config';
  /**
   * Checked before a removal is built: other parts of the config that still name the item. Config
   * validation would refuse the result as well, but by the dangling place alone; this names the
   * item that is kept from going and who keeps it.
   */
  readonly refuseRemoval?: (config: Config, id: string) => RemovalRefusal | undefined;
}

type Item = { readonly id: string } & Record<string, unknown>;

const itemsOf = (config: Config, name: CollectionSpec['name']): Item[] => (config[name] ?? []) as unknown as Item[];

const capitalized = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } } as const;

/**
 * List, get, create, replace, patch and delete one item of the config. Each change builds a whole
 * new config document and goes through the same apply as PUT /api/config.
 */
export function registerCollectionRoutes(app: FastifyInstance, context: AdminContext, spec: CollectionSpec): void {
  const { config: port } = context;
  const { name, singular } = spec;
  const aOrAn = /^[aeiou]/.test(singular) ? 'an' : 'a';
  const base = `/api/${name}`;
  const itemBody = {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', minLength: 1 } },
    additionalProperties: true,
    description: `${capitalized(aOrAn)} ${singular} as written in the config (validated in full by Mimicus)`,
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

  const getOne = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const item = find(request.params.id);
    return item ?? sendProblem(reply, spec.notFound, `no ${singular} "${request.params.id}"`);
  };
  if (spec.reads === 'collection') {
    app.get(base, { schema: { summary: `Every ${singular}`, tags } }, async () => ({ items: itemsOf(port.current(), name) }));
    app.get<{ Params: { id: string } }>(`${base}/:id`, { schema: { summary: `One ${singular}`, tags, params: idParams } }, getOne);
  } else {
    app.get<{ Params: { id: string } }>(
      `${base}/:id/config`,
      { schema: { summary: `One ${singular} as written in the config (what PUT takes and PATCH changes)`, tags, params: idParams } },
      getOne,
    );
  }

  app.post<{ Body: Item }>(base, { schema: { summary: `Add ${aOrAn} ${singular}`, tags, body: itemBody } }, async (request, reply) =>
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
    { schema: { summary: `Replace ${aOrAn} ${singular}`, tags, params: idParams, body: { ...itemBody, required: [] } } },
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
        summary: `Change ${aOrAn} ${singular} with a JSON merge patch (RFC 7396; null removes a field)`,
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

  app.delete<{ Params: { id: string } }>(
    `${base}/:id`,
    { schema: { summary: `Remove ${aOrAn} ${singular}`, tags, params: idParams } },
    async (request, reply) =>
      port.exclusive(async () => {
        const { id } = request.params;
        if (!find(id)) return sendProblem(reply, spec.notFound, `no ${singular} "${id}"`);
        const refusal = spec.refuseRemoval?.(port.current(), id);
        if (refusal) return sendProblem(reply, refusal.code, refusal.detail, refusal.extensions);
        const items = itemsOf(port.current(), name).filter((item) => item.id !== id);
        return applyItems(items, request, reply, (r) => r.code(204).send());
      }),
  );
}
