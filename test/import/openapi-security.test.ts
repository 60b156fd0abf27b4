import { afterEach, describe, expect, it } from 'vitest';
import { createMimicus, type Mimicus } from '../../src/index.js';
import { importText, type ImportResult } from '../../src/import/index.js';
import type { Config } from '../../src/config/index.js';

const SPEC = `openapi: 3.0.3
info: { title: Guarded, version: "1" }
security: [{ bearerAuth: [] }]
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
    basicAuth: { type: http, scheme: basic }
    keyHeader: { type: apiKey, in: header, name: X-API-Key }
    keyQuery: { type: apiKey, in: query, name: api_key }
    session: { type: apiKey, in: cookie, name: sid }
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: /token, scopes: {} } } }
paths:
  /a:
    get: { responses: { "200": { description: ok } } }
  /b:
    get:
      security: [{ keyHeader: [], keyQuery: [] }, { basicAuth: [] }]
      responses: { "200": { description: ok } }
  /c:
    get: { security: [], responses: { "200": { description: ok } } }
  /d:
    get: { security: [{}, { oauth: [] }], responses: { "200": { description: ok } } }
  /e:
    get: { security: [{ session: [] }], responses: { "200": { description: ok } } }
  /f:
    get: { security: [{ nowhere: [] }], responses: { "200": { description: ok } } }
  /g:
    get: { security: [{ oauth: [] }], responses: { "200": { description: ok }, "404": { description: none } } }
`;

const SWAGGER = `swagger: "2.0"
info: { title: Old, version: "1" }
securityDefinitions:
  basic: { type: basic }
  key: { type: apiKey, in: header, name: X-Key }
security: [{ basic: [] }, { key: [] }]
paths:
  /old:
    get: { responses: { "200": { description: ok } } }
`;

const opened: Mimicus[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

function imported(text: string, options: Record<string, unknown>): ImportResult {
  const outcome = importText(text, 'guarded.yaml', { options });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
  return outcome.value;
}

async function serve(config: Config): Promise<Mimicus> {
  const mimicus = await createMimicus(config, { dataDir: false, admin: false });
  opened.push(mimicus);
  await mimicus.listen(0, '127.0.0.1');
  return mimicus;
}

describe('OpenAPI security requirements (import --validate)', () => {
  it('answers 401 with WWW-Authenticate when no accepted credential set is present, and passes one that is', async () => {
    const { config, warnings } = imported(SPEC, { validate: true });
    expect(warnings).toContainEqual({ source: 'paths./f.get.security', message: 'security scheme "nowhere" is not defined; credentials not checked' });
    const { url } = await serve(config);
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers });

    const refused = await get('/a');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="mimicus"');
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({ code: 'REQUEST_UNAUTHORIZED', status: 401, accepted: [['Authorization: bearer …']] });
    expect((await get('/a', { authorization: 'Bearer abc' })).status).toBe(200);
    expect((await get('/a', { authorization: 'bearer abc' })).status).toBe(200);
    // The scheme must match and carry a token: presence, not any Authorization header.
    expect((await get('/a', { authorization: 'Basic abc' })).status).toBe(401);
    expect((await get('/a', { authorization: 'Bearer ' })).status).toBe(401);

    // One set of two API keys, or basic.
    const b = await get('/b', { 'x-api-key': 'k' });
    expect(b.status).toBe(401);
    expect(b.headers.get('www-authenticate')).toBe(
      'ApiKey realm="mimicus", in="header", name="X-API-Key", ApiKey realm="mimicus", in="query", name="api_key", Basic realm="mimicus"',
    );
    expect((await get('/b?api_key=q', { 'x-api-key': 'k' })).status).toBe(200);
    expect((await get('/b', { authorization: 'Basic dTpw' })).status).toBe(200);

    expect((await get('/c')).status).toBe(200);
    expect((await get('/d')).status).toBe(200);
    expect((await get('/e')).status).toBe(401);
    expect((await get('/e', { cookie: 'sid=s1' })).status).toBe(200);
    expect((await get('/f')).status).toBe(200);
    // oauth2 is a bearer token; every documented status of the operation is guarded alike.
    expect((await get('/g?__code=404')).status).toBe(401);
    expect((await get('/g?__code=404', { authorization: 'Bearer t' })).status).toBe(404);
  });

  it('reads Swagger 2.0 securityDefinitions, and --no-security (security: false) leaves credentials unchecked', async () => {
    const old = imported(SWAGGER, { validate: true }).config;
    expect(old.endpoints![0]!.validate!.security).toEqual([[{ scheme: 'basic' }], [{ in: 'header', name: 'X-Key' }]]);
    const { url } = await serve(old);
    expect((await fetch(`${url}/old`)).status).toBe(401);
    expect((await fetch(`${url}/old`, { headers: { 'x-key': '1' } })).status).toBe(200);

    const open = imported(SPEC, { validate: true, security: false }).config;
    expect(open.endpoints!.every((endpoint) => endpoint.validate?.security === undefined)).toBe(true);
    expect(imported(SPEC, {}).config.endpoints!.every((endpoint) => endpoint.validate === undefined)).toBe(true);
  });
});
