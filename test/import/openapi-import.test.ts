import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { importText, mergeIntoText, writeConfig, type ImportResult } from '../../src/import/index.js';
import type { Config } from '../../src/config/index.js';
import { PETS_SPEC } from './openapi-spec-for-tests.js';

const opened: Mimicus[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

function imported(text: string, options: Record<string, unknown> = {}): ImportResult {
  const outcome = importText(text, 'pets.yaml', { options });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
  return outcome.value;
}

async function serve(config: Config): Promise<Mimicus> {
  const mimicus = await createMimicus(config, { dataDir: false, admin: false });
  opened.push(mimicus);
  await mimicus.listen(0, '127.0.0.1');
  return mimicus;
}

const TENANT = { 'x-tenant': 't-acme' };

describe('OpenAPI import', () => {
  it('makes one endpoint per operation under the servers base path, with operationId as id', () => {
    const { config, warnings } = imported(PETS_SPEC);
    const main = config.endpoints!.filter((e) => e.match === undefined);
    expect(main.map((e) => [e.id, e.method, e.path])).toEqual([
      ['getPet', 'GET', '/v1/pets/{pet_id}'],
      ['putPet', 'PUT', '/v1/pets/{pet_id}'],
      ['createPet', 'POST', '/v1/pets'],
    ]);
    expect(warnings).toContainEqual({ source: 'paths./pets/{pet-id}', message: 'path parameter "pet-id" is named "pet_id" in the endpoint\'s path template' });
    expect(warnings).toContainEqual({ source: 'paths./pets/{pet-id}.put.responses.200', message: 'no example; body generated from schema' });
  });

  it('serves the first example, another with Prefer: example=, other statuses with Prefer: code= or ?__code=', async () => {
    const mimicus = await serve(imported(PETS_SPEC).config);
    const first = await fetch(`${mimicus.url}/v1/pets/1`);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ id: 1, name: 'Rex', kind: 'dog' });
    const tom = await fetch(`${mimicus.url}/v1/pets/1`, { headers: { prefer: 'example=tom' } });
    expect(await tom.json()).toEqual({ id: 2, name: 'Tom', kind: 'cat' });
    expect(await (await fetch(`${mimicus.url}/v1/pets/1?__example=tom`)).json()).toMatchObject({ name: 'Tom' });
    const missing = await fetch(`${mimicus.url}/v1/pets/1`, { headers: { prefer: 'code=404' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const body = (await missing.json()) as { status: number; title: string };
    expect(body.status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${mimicus.url}/v1/pets?__code=422`, { method: 'POST' })).status).toBe(422);
  });

  it('generates bodies that follow the schema: required, enums, bounds, nullable, writeOnly left out, recursion bounded', () => {
    const { config } = imported(PETS_SPEC);
    const put = config.endpoints!.find((e) => e.id === 'putPet')!;
    const pet = put.response!.json as Record<string, unknown>;
    expect(pet).toHaveProperty('id');
    expect(['dog', 'cat', 'bird']).toContain(pet.kind);
    expect((pet.name as string).length).toBeGreaterThanOrEqual(1);
    expect(pet).not.toHaveProperty('secret');
    let depth = 0;
    for (let node: unknown = pet; node && typeof node === 'object' && 'parent' in node; node = (node as { parent: unknown }).parent) depth++;
    expect(depth).toBeLessThan(12);
  });

  it('is deterministic: the same input and seed give byte-identical output; another seed other values', () => {
    const write = (seed: number) => {
      const outcome = importText(PETS_SPEC, 'pets.yaml', { seed });
      if (!outcome.ok) throw new Error('import failed');
      return writeConfig(outcome.value, { source: 'pets.yaml', bodyDir: 'mocks.bodies' }).text;
    };
    expect(write(7)).toBe(write(7));
    expect(write(7)).not.toBe(write(8));
    expect(write(7)).toMatch(/^# Imported by `mimicus import` from pets\.yaml \(openapi 3\.0 "Pets" version 1\.0\)/);
  });

  it('carries x-mimicus-* extensions as behaviors (document level as defaults)', async () => {
    const { config } = imported(PETS_SPEC);
    expect(config.defaults).toEqual({ latency: { fixed: '1ms' } });
    expect(config.endpoints!.find((e) => e.id === 'putPet')!.errors).toEqual([{ rate: 1, status: 503 }]);
    const mimicus = await serve(config);
    expect((await fetch(`${mimicus.url}/v1/pets/1`, { method: 'PUT' })).status).toBe(503);
  });

  it('--variants serves the documented statuses as weighted variants', () => {
    const { config } = imported(PETS_SPEC, { variants: true });
    const get = config.endpoints!.find((e) => e.id === 'getPet')!;
    expect(get.response).toBeUndefined();
    expect(get.variants!.map((v) => [v.id, v.weight, v.response.status])).toEqual([
      ['status-200', 90, 200],
      ['status-404', 10, 404],
    ]);
  });

  it('validate answers 400 listing every parameter violation, 422 for the body, and passes a valid request', async () => {
    const mimicus = await serve(imported(PETS_SPEC, { validate: true }).config);
    const bad = await fetch(`${mimicus.url}/v1/pets/0?verbose=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await bad.json()) as { code: string; violations: { in: string; name: string; message: string }[] };
    expect(problem.code).toBe('REQUEST_INVALID');
    expect(problem.violations.map((v) => [v.in, v.name])).toEqual([
      ['path', 'pet_id'],
      ['query', 'verbose'],
      ['header', 'X-Tenant'],
    ]);
    expect((await fetch(`${mimicus.url}/v1/pets/3?verbose=true`, { headers: TENANT })).status).toBe(200);
    expect((await fetch(`${mimicus.url}/v1/pets/3`, { headers: { 'x-tenant': 'T-ACME' } })).status).toBe(400);

    const post = (body: string, type = 'application/json') => fetch(`${mimicus.url}/v1/pets`, { method: 'POST', headers: { 'content-type': type }, body });
    const wrong = await post(JSON.stringify({ name: '', kind: 'fish', tags: ['ok', 'ok'] }));
    expect(wrong.status).toBe(422);
    const body = (await wrong.json()) as { code: string; violations: { pointer: string; message: string }[] };
    expect(body.code).toBe('REQUEST_BODY_INVALID');
    expect(body.violations.map((v) => v.pointer)).toEqual(expect.arrayContaining(['/name', '/kind', '/tags']));
    expect((await post('{"name":"Rex"')).status).toBe(422);
    expect((await post('name=Rex', 'application/x-www-form-urlencoded')).status).toBe(422);
    expect((await fetch(`${mimicus.url}/v1/pets`, { method: 'POST' })).status).toBe(422);
    // readOnly `id` is not required in a request.
    expect((await post(JSON.stringify({ name: 'Rex', kind: 'dog' }))).status).toBe(201);
  });

  it('imports Swagger 2.0: basePath, produces, response examples, body and formData parameters', async () => {
    const spec = JSON.stringify({
      swagger: '2.0',
      info: { title: 'S', version: '1' },
      basePath: '/api',
      produces: ['application/json'],
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'getThing',
            parameters: [{ name: 'id', in: 'path', required: true, type: 'integer' }],
            responses: {
              200: { description: 'ok', schema: { type: 'object', properties: { id: { type: 'integer' } } }, examples: { 'application/json': { id: 7 } } },
              404: { description: 'none' },
            },
          },
          post: {
            operationId: 'formThing',
            consumes: ['application/x-www-form-urlencoded'],
            parameters: [
              { name: 'id', in: 'path', required: true, type: 'integer' },
              { name: 'size', in: 'formData', required: true, type: 'integer', maximum: 10 },
            ],
            responses: { 204: { description: 'done' } },
          },
        },
      },
    });
    const mimicus = await serve(imported(spec, { validate: true }).config);
    expect(await (await fetch(`${mimicus.url}/api/things/3`)).json()).toEqual({ id: 7 });
    expect((await fetch(`${mimicus.url}/api/things/x`)).status).toBe(400);
    const form = (body: string) =>
      fetch(`${mimicus.url}/api/things/3`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await form('size=4')).status).toBe(204);
    expect((await form('size=40')).status).toBe(422);
  });

  it('reports a syntax error with its line and column, and a document of no known format', () => {
    const broken = importText('openapi: 3.0.0\npaths:\n  /a: [unclosed\n', 'bad.yaml');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error[0]).toMatchObject({ source: 'bad.yaml', line: expect.any(Number) });
    const json = importText('{"openapi": "3.0.0",\n "paths": {,}}', 'bad.json');
    if (!json.ok) expect(json.error[0]).toMatchObject({ line: 2 });
    else throw new Error('accepted broken JSON');
    const unknown = importText('hello: world\n', 'x.yaml');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error[0]!.message).toMatch(/not a format Mimicus imports/);
  });

  it('moves bodies over the inline limit to body files', () => {
    const outcome = importText(PETS_SPEC, 'pets.yaml');
    if (!outcome.ok) throw new Error('import failed');
    const written = writeConfig(outcome.value, { source: 'pets.yaml', bodyDir: 'mocks.bodies', inlineLimit: 10 });
    expect(written.bodyFiles.size).toBeGreaterThan(0);
    const first = [...written.bodyFiles.keys()][0]!;
    expect(first).toMatch(/^mocks\.bodies\/[A-Za-z0-9._-]+\.json$/);
    const config = parse(written.text) as Config;
    const withFile = config.endpoints!.find((e) => e.response?.bodyFile === first)!;
    expect(withFile.response!.headers!['content-type']).toMatch(/json/);
    expect(withFile.response!.json).toBeUndefined();
  });

  it("--into adds the endpoints, keeps the existing file's comments and reports conflicts", () => {
    const existing =
      '# my mocks\nversion: 2\nendpoints:\n  - id: getPet # mine\n    path: /other\n    response: { status: 200 }\n  - id: mine\n    method: POST\n    path: /v1/pets\n    response: { status: 200 }\n';
    const { config } = imported(PETS_SPEC);
    const merged = mergeIntoText(existing, config.endpoints!);
    if (!merged.ok) throw new Error(merged.message);
    expect(merged.text).toMatch(/^# my mocks/);
    expect(merged.text).toContain('# mine');
    expect(merged.merge.conflicts).toEqual([
      { id: 'getPet', existing: 'getPet', reason: 'same id' },
      { id: 'createPet', existing: 'mine', reason: 'same method and path' },
    ]);
    expect(merged.merge.added.map((e) => e.id)).toContain('putPet');
  });
});
