import SwaggerParser from '@apidevtools/swagger-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE, startWithAdmin, type AdminHarness } from './admin-harness.js';

let mimicus: AdminHarness | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('admin API: OpenAPI', () => {
  it('describes every route', async () => {
    mimicus = await startWithAdmin(BASE);
    const document = (await (await mimicus.api('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\./);
    const routes = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /api/health',
        'GET /api/status',
        'GET /api/openapi.json',
        'GET /api/config',
        'PUT /api/config',
        'POST /api/config/validate',
        'POST /api/config/reload',
        ...['endpoints', 'workflows'].flatMap((name) => [
          `GET /api/${name}`,
          `POST /api/${name}`,
          `GET /api/${name}/{id}`,
          `PUT /api/${name}/{id}`,
          `PATCH /api/${name}/{id}`,
          `DELETE /api/${name}/{id}`,
        ]),
        'GET /api/state',
        'GET /api/state/{scope}/{key}',
        'PUT /api/state/{scope}/{key}',
        'DELETE /api/state/{scope}/{key}',
        'POST /api/state/{scope}/reset',
        'GET /api/workflows/{id}/state',
        'PUT /api/workflows/{id}/state',
        'DELETE /api/workflows/{id}/state',
        'GET /api/versions',
        'GET /api/versions/{id}',
        'POST /api/versions/{id}/restore',
        'GET /api/export',
        'POST /api/import',
        'GET /api/requests',
        'GET /api/requests/{id}',
        'DELETE /api/requests',
        'POST /api/requests/count',
        'POST /api/match',
        'POST /api/preview',
        'POST /api/latency/preview',
        'GET /api/events',
        'GET /api/metrics',
        'GET /metrics',
        'POST /api/keys',
        'GET /api/keys',
        'DELETE /api/keys/{id}',
        'GET /api/upstreams',
        'GET /api/upstreams/{id}',
        'POST /api/upstreams',
        'PUT /api/upstreams/{id}',
        'PATCH /api/upstreams/{id}',
        'DELETE /api/upstreams/{id}',
        'GET /api/upstreams/{id}/config',
        'POST /api/upstreams/{id}/targets/{index}/drain',
        'POST /api/upstreams/{id}/targets/{index}/enable',
        'POST /api/upstreams/{id}/breaker/reset',
        'POST /api/endpoints/{id}/test',
      ].sort(),
    );
  });

  it('is a valid OpenAPI document (checked against the OpenAPI schema by swagger-parser)', async () => {
    mimicus = await startWithAdmin(BASE);
    const document = (await (await mimicus.api('/api/openapi.json')).json()) as Record<string, unknown>;
    // validate() throws with every problem; it dereferences a copy, so the original is kept for the assertion below.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(document.openapi).toMatch(/^3\.1\./);
  });
});
