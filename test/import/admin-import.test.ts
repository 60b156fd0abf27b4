import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, expectProblem, startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { PETS_SPEC } from './openapi-spec-for-tests.js';

const opened: AdminHarness[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

async function start(): Promise<AdminHarness> {
  const mimicus = await startWithAdmin(BASE);
  opened.push(mimicus);
  return mimicus;
}

const postSpec = (mimicus: AdminHarness, query: string, body = PETS_SPEC) =>
  mimicus.api(`/api/import?${query}`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body });

describe('POST /api/import?format=openapi', () => {
  it('previews with dryRun (endpoints, warnings, conflicts) and applies nothing', async () => {
    const mimicus = await start();
    const response = await postSpec(mimicus, 'format=openapi&dryRun=true&name=pets.yaml');
    expect(response.status).toBe(200);
    const preview = (await response.json()) as {
      dryRun: boolean;
      endpoints: { id: string }[];
      warnings: { source: string; message: string }[];
      conflicts: unknown[];
    };
    expect(preview.dryRun).toBe(true);
    expect(preview.endpoints.map((e) => e.id)).toContain('getPet');
    expect(preview.warnings).toContainEqual({ source: 'paths./pets/{pet-id}.put.responses.200', message: 'no example; body generated from schema' });
    expect(preview.conflicts).toEqual([]);
    expect((await fetch(`${mimicus.url}/v1/pets/1`)).status).toBe(404);
  });

  it('applies as one version, keeping the current endpoints; a second import reports every endpoint as a conflict', async () => {
    const mimicus = await start();
    const response = await postSpec(mimicus, 'format=auto');
    expect(response.status).toBe(200);
    const applied = (await response.json()) as { dryRun: boolean; version: { id: number; message?: string } };
    expect(applied.dryRun).toBe(false);
    expect(applied.version.id).toBeGreaterThan(1);
    expect((await fetch(`${mimicus.url}/v1/pets/1`)).status).toBe(200);
    expect((await fetch(`${mimicus.url}/hello`)).status).toBe(200);
    const again = (await (await postSpec(mimicus, 'format=openapi&dryRun=true')).json()) as { endpoints: unknown[]; conflicts: { reason: string }[] };
    expect(again.endpoints).toEqual([]);
    expect(again.conflicts.length).toBeGreaterThan(0);
    expect(again.conflicts.every((c) => c.reason === 'same id')).toBe(true);
  });

  it('gives the same endpoints after export and import of the export', async () => {
    const mimicus = await start();
    await postSpec(mimicus, 'format=openapi&validate=true');
    const before = (await (await mimicus.api('/api/config')).json()) as { endpoints: unknown[] };
    const exported = await (await mimicus.api('/api/export')).text();
    const second = await start();
    const imported = await second.api('/api/import', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: exported });
    expect(imported.status).toBe(201);
    const after = (await (await second.api('/api/config')).json()) as { endpoints: unknown[] };
    expect(after.endpoints).toEqual(before.endpoints);
  });

  it('keeps the plain config import working (no format, or format=mimicus)', async () => {
    const mimicus = await start();
    const yaml = 'version: 2\nendpoints:\n  - { id: other, path: /other, response: { status: 204 } }\n';
    const response = await mimicus.api('/api/import?format=mimicus', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
    expect(response.status).toBe(201);
    expect((await fetch(`${mimicus.url}/other`)).status).toBe(204);
  });

  it('refuses a broken document with every error and its line, and an unknown format', async () => {
    const mimicus = await start();
    const broken = await postSpec(mimicus, 'format=openapi', 'openapi: 3.0.0\npaths:\n  /a: [unclosed\n');
    const problem = await expectProblem(broken, 400, 'IMPORT_FAILED');
    expect((problem.errors as { line?: number }[])[0]!.line).toEqual(expect.any(Number));
    await expectProblem(await postSpec(mimicus, 'format=cobol'), 400, 'ADMIN_REQUEST_INVALID');
    await expectProblem(await postSpec(mimicus, 'format=openapi', ''), 400, 'IMPORT_FAILED');
  });

  it('never fetches a remote $ref or reads a local file named by an uploaded spec', async () => {
    let fetched = 0;
    const bait = createServer((_req, res) => {
      fetched++;
      res.end('{"type":"string"}');
    });
    await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
    try {
      const port = (bait.address() as { port: number }).port;
      const spec = `openapi: 3.0.0
info: { title: t, version: "1" }
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "http://127.0.0.1:${port}/schema.json" }
  /b:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "/etc/passwd#/x" }
`;
      const mimicus = await start();
      const preview = (await (await postSpec(mimicus, 'format=openapi&dryRun=true', spec)).json()) as { warnings: { message: string }[] };
      expect(fetched).toBe(0);
      expect(preview.warnings.filter((w) => /leads nowhere/.test(w.message))).toHaveLength(2);
    } finally {
      await new Promise((resolve) => bait.close(resolve));
    }
  });
});
