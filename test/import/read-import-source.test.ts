import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importForServe, readImportSource, runImport } from '../../src/import/index.js';
import { writeTempFiles } from '../support/start-mimicus.js';
import { PETS_SPEC } from './openapi-spec-for-tests.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serveText(handler: (path: string) => string | undefined): Promise<string> {
  const server = createServer((req, res) => {
    const text = handler(req.url ?? '/');
    if (text === undefined) return; // never answers: a timeout
    res.end(text);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const SPLIT_SPEC = `openapi: 3.0.0
info: { title: split, version: "1" }
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "schemas/pet.yaml#/Pets" }
  /secret:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "../outside.yaml#/X" }
`;
const PET_FILE =
  'Pets:\n  type: array\n  minItems: 1\n  items: { $ref: "#/Pet" }\nPet:\n  type: object\n  required: [name]\n  properties: { name: { type: string, enum: [Rex] } }\n';

describe('reading an import source', () => {
  it('follows $refs into files beside the main one, and refuses to read outside its folder', async () => {
    const dir = writeTempFiles({ 'api/openapi.yaml': SPLIT_SPEC, 'api/schemas/pet.yaml': PET_FILE, 'outside.yaml': 'X: { type: string }\n' });
    const read = await readImportSource(join(dir, 'api/openapi.yaml'));
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.refErrors).toEqual([{ source: '../outside.yaml', message: "$ref target not read: outside the main file's folder; not read" }]);
    const outcome = runImport(read.value);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    expect(outcome.value.config.endpoints!.find((e) => e.id === 'listPets')!.response!.json).toEqual([{ name: 'Rex' }]);
  });

  it('fetches a URL and the relative $refs it holds, within the size limit and the timeout', async () => {
    const base = await serveText((path) =>
      path === '/api/openapi.yaml' ? SPLIT_SPEC : path === '/api/schemas/pet.yaml' ? PET_FILE : path === '/slow' ? undefined : 'x'.repeat(5000),
    );
    const read = await readImportSource(`${base}/api/openapi.yaml`);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect([...read.value.files.keys()]).toContain(`${base}/api/schemas/pet.yaml`);
    const big = await readImportSource(`${base}/big`, { limits: { maxBytes: 1000 } });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error[0]!.message).toMatch(/over the limit|more than the limit/);
    const slow = await readImportSource(`${base}/slow`, { limits: { timeoutMs: 200 } });
    expect(slow.ok).toBe(false);
    if (!slow.ok) expect(slow.error[0]!.message).toMatch(/no answer within 200 ms/);
    const file = await readImportSource('file:///etc/passwd');
    expect(file.ok).toBe(false);
  });

  it('serve takes an OpenAPI document as it is, and leaves a Mimicus config (even a broken one) to the config loader', async () => {
    const dir = writeTempFiles({ 'openapi.yaml': PETS_SPEC, 'mimicus.yaml': 'version: 2\nendpoints: nope\n' });
    const served = await importForServe(join(dir, 'openapi.yaml'));
    expect(served.kind).toBe('imported');
    if (served.kind === 'imported') expect(served.config.endpoints!.length).toBeGreaterThan(3);
    expect((await importForServe(join(dir, 'mimicus.yaml'))).kind).toBe('config');
    expect((await importForServe(join(dir, 'missing.yaml'))).kind).toBe('config');
  });
});
