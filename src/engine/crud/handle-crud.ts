import type { CrudSpec, MockRequest, PreparedResponse } from '../../plan/index.js';
import type { StateStore } from '../../state/index.js';
import { nextGeneratedId, raiseSequenceTo, readItems } from './collection-items.js';
import { crudProblem, emptyResponse, jsonResponse } from './crud-response.js';
import { isNestedDeeper } from './is-nested-deeper.js';
import { idOf, isNumericId, uuidMarkerKey } from './item-id.js';
import { applyMergePatch, isJsonObject } from '../../config/index.js';
import { belongsToParent, parentFieldsOf, withParentFields, type ParentField } from './parent-fields.js';
import { queryCollection } from './query-collection.js';

const COLLECTION_METHODS = 'GET, HEAD, POST';
const ITEM_METHODS = 'GET, HEAD, PUT, PATCH, DELETE';
/** A POST whose generated id was taken meanwhile (by an explicit-id POST) tries again, this often. */
const MAX_CREATE_ATTEMPTS = 8;
/**
 * Deepest item a collection stores. Items are read back by recursive code (JSON text, `q=` search,
 * merge patches), which 100,000 nested arrays would overflow; no real resource nests this deep.
 */
const MAX_ITEM_DEPTH = 64;

/**
 * Answers one request to a `crud` collection kept in `store`, one item per key
 * `${keyPrefix}${id}`. `rest` is the path below the collection base: `''` for the collection,
 * `'42'` for one item (percent-decoded here); anything deeper is a 404.
 *
 * json-server conventions: GET lists (filters with `_gte`/`_lte`/`_ne`/`_like` and `q`,
 * `_sort`/`_order`, `_page`/`_limit` or `_start`/`_end`, always `X-Total-Count`; 400 for an
 * unusable filter) or reads; POST creates (201 + `Location`; the body's id, 409 if taken, else the
 * next number while every id is numeric, a uuid otherwise; the counter is `sequenceKey(keyPrefix)`);
 * PUT replaces and PATCH merge-patches an existing item (404 if absent, never creating; the id is
 * kept whatever the body says); DELETE removes an item (204). DELETE of the whole collection and
 * other methods get 405 with `Allow`. POST validates the body as sent (a generated id is added
 * after), PUT and PATCH the item as it would be stored. HEAD answers like GET.
 *
 * Named path parameters of the base path make it a nested collection (parent-fields.ts): the list
 * holds only the parent's items, an item of another parent is a 404, and created or replaced items
 * get the parent's fields from the path.
 */
export async function handleCrud(spec: CrudSpec, request: MockRequest, rest: string, store: StateStore, keyPrefix: string): Promise<PreparedResponse> {
  const method = request.method.toUpperCase();
  const parent = parentFieldsOf(request.params);
  if (rest === '') {
    if (method === 'GET' || method === 'HEAD') return listCollection(request, store, keyPrefix, parent);
    if (method === 'POST') return createItem(spec, request, store, keyPrefix, parent);
    return methodNotAllowed(spec, method, COLLECTION_METHODS);
  }

  const id = decodeId(rest);
  if (id === undefined) return notFound(spec, rest);
  const key = `${keyPrefix}${id}`;
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const item = await store.get(key);
      return isJsonObject(item) && belongsToParent(item, parent) ? jsonResponse(200, item) : notFound(spec, id);
    }
    case 'PUT':
    case 'PATCH':
      return updateItem(spec, request, store, key, id, method, parent);
    case 'DELETE':
      return (await deleteItem(store, key, parent)) ? emptyResponse(204) : notFound(spec, id);
    default:
      return methodNotAllowed(spec, method, ITEM_METHODS);
  }
}

async function listCollection(request: MockRequest, store: StateStore, keyPrefix: string, parent: readonly ParentField[]): Promise<PreparedResponse> {
  const items = (await readItems(store, keyPrefix)).map(({ item }) => item);
  const query = queryCollection(parent.length === 0 ? items : items.filter((item) => belongsToParent(item, parent)), request);
  if (!query.ok) {
    const { parameter, message } = query.problem;
    return crudProblem('CRUD_QUERY_INVALID', `query parameter ${parameter}: ${message}`, { parameter });
  }
  const { page } = query;
  const headers = ['x-total-count', String(page.total)];
  if (page.link !== undefined) headers.push('link', page.link);
  return jsonResponse(200, page.items, headers);
}

async function createItem(
  spec: CrudSpec,
  request: MockRequest,
  store: StateStore,
  keyPrefix: string,
  parent: readonly ParentField[],
): Promise<PreparedResponse> {
  const sent = requestBody(request);
  if (!isJsonObject(sent)) return bodyNotObject(spec);
  if (isNestedDeeper(sent, MAX_ITEM_DEPTH)) return bodyTooDeep(spec);
  const body = withParentFields(sent, parent);
  const invalid = validationProblem(spec, body);
  if (invalid) return invalid;

  const location = (id: string): string[] => ['location', `${collectionPath(request.path)}/${encodeURIComponent(id)}`];

  if (Object.hasOwn(body, spec.keyField)) {
    const id = idOf(body, spec.keyField);
    if (id === undefined || id.includes('/')) return badId(spec);
    if (!(await store.compareAndSet(`${keyPrefix}${id}`, undefined, body))) {
      return crudProblem('CRUD_ITEM_CONFLICT', `${spec.collection}/${id} already exists`, { collection: spec.collection, id });
    }
    if (isNumericId(id)) await raiseSequenceTo(store, keyPrefix, Number(id));
    else await store.set(uuidMarkerKey(keyPrefix), true);
    return jsonResponse(201, body, location(id));
  }

  // O(1) per create: the sequence key is kept past every numeric id (seed, explicit ids), and a
  // collision (an id taken meanwhile) just moves on to the next number.
  for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
    const idValue = await nextGeneratedId(store, keyPrefix);
    const id = String(idValue);
    // The id goes first, as users expect to read it.
    const item = { [spec.keyField]: idValue, ...body };
    if (await store.compareAndSet(`${keyPrefix}${id}`, undefined, item)) return jsonResponse(201, item, location(id));
  }
  throw new Error(`crud "${spec.collection}": no free id after ${MAX_CREATE_ATTEMPTS} attempts`);
}

async function updateItem(
  spec: CrudSpec,
  request: MockRequest,
  store: StateStore,
  key: string,
  id: string,
  method: 'PUT' | 'PATCH',
  parent: readonly ParentField[],
): Promise<PreparedResponse> {
  const body = requestBody(request);
  if (!isJsonObject(body)) return bodyNotObject(spec);
  if (isNestedDeeper(body, MAX_ITEM_DEPTH)) return bodyTooDeep(spec);
  const current = await store.get(key);
  if (!isJsonObject(current) || !belongsToParent(current, parent)) return notFound(spec, id);

  // The id never changes: the stored item's id (with its JSON type) wins over any in the body.
  // Named first as well, so a replaced item reads like a created one.
  const base = method === 'PUT' ? body : (applyMergePatch(current, body) as Record<string, unknown>);
  const storedId = current[spec.keyField];
  const next = withParentFields({ [spec.keyField]: storedId, ...base, [spec.keyField]: storedId }, parent);
  const invalid = validationProblem(spec, next);
  if (invalid) return invalid;
  // Written only over the version we read, so a concurrent DELETE is not undone by a late PUT.
  if (!(await store.compareAndSet(key, current, next))) {
    return (await store.get(key)) === undefined
      ? notFound(spec, id)
      : crudProblem('CRUD_ITEM_CONFLICT', `${spec.collection}/${id} was changed by another request; retry`, {
          collection: spec.collection,
          id,
        });
  }
  return jsonResponse(200, next);
}

/** Deletes an item of the parent; false when there is none (absent, or another parent's). */
async function deleteItem(store: StateStore, key: string, parent: readonly ParentField[]): Promise<boolean> {
  if (parent.length === 0) return store.delete(key);
  const current = await store.get(key);
  // Read, then delete: a PUT through a top-level route moving the item to another parent in between
  // is a race a mock can lose.
  return isJsonObject(current) && belongsToParent(current, parent) && store.delete(key);
}

function requestBody(request: MockRequest): unknown {
  if (request.bodyJson !== undefined) return request.bodyJson;
  // A JSON body sent without a JSON content-type (curl -d) is still accepted.
  try {
    return request.bodyText === '' ? undefined : (JSON.parse(request.bodyText) as unknown);
  } catch {
    return undefined;
  }
}

function validationProblem(spec: CrudSpec, item: Record<string, unknown>): PreparedResponse | undefined {
  const outcome = spec.validate?.(item);
  if (outcome === undefined || outcome.ok) return undefined;
  return crudProblem('CRUD_BODY_INVALID', `the item does not match the schema of ${spec.collection}`, {
    collection: spec.collection,
    errors: outcome.errors.map(({ path, message }) => ({ path, message })),
  });
}

function decodeId(rest: string): string | undefined {
  if (rest.includes('/')) return undefined;
  try {
    const id = decodeURIComponent(rest);
    return id === '' || id.includes('/') ? undefined : id;
  } catch {
    return undefined;
  }
}

/** The collection's own path, from a request to it (a trailing slash dropped). */
function collectionPath(path: string): string {
  return path.replace(/\/+$/, '');
}

function notFound(spec: CrudSpec, id: string): PreparedResponse {
  return crudProblem('CRUD_ITEM_NOT_FOUND', `${spec.collection}/${id} does not exist`, { collection: spec.collection, id });
}

function bodyNotObject(spec: CrudSpec): PreparedResponse {
  return crudProblem('CRUD_BODY_INVALID', `the body must be a JSON object (an item of ${spec.collection})`, {
    collection: spec.collection,
    errors: [{ path: '', message: 'must be a JSON object' }],
  });
}

function bodyTooDeep(spec: CrudSpec): PreparedResponse {
  return crudProblem('CRUD_BODY_INVALID', `the item nests deeper than ${MAX_ITEM_DEPTH} levels`, {
    collection: spec.collection,
    errors: [{ path: '', message: `must not nest deeper than ${MAX_ITEM_DEPTH} levels` }],
  });
}

function badId(spec: CrudSpec): PreparedResponse {
  return crudProblem('CRUD_BODY_INVALID', `${spec.keyField} must be a non-empty string (without /) or a number`, {
    collection: spec.collection,
    errors: [{ path: `/${spec.keyField}`, message: 'must be a non-empty string (without /) or a number' }],
  });
}

function methodNotAllowed(spec: CrudSpec, method: string, allow: string): PreparedResponse {
  return crudProblem('CRUD_METHOD_NOT_ALLOWED', `${method} is not allowed here; allowed: ${allow}`, { collection: spec.collection }, ['allow', allow]);
}
