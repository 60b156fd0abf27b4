import { afterEach, describe, expect, it } from 'vitest';
import { wiremockImporter } from '../../src/import/wiremock/index.js';
import { expectDeterministic, importCorpus, importText, serveImported, type Served } from './serve-imported.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.mimicus.close();
  served = undefined;
});

const serve = async (name: string, files: Record<string, string> = {}) => {
  served = await serveImported(importCorpus(wiremockImporter, 'wiremock', name, files));
  return served;
};
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('WireMock corpus: each file imports, validates and answers its own requests', () => {
  it('urlPathTemplate with equalTo path parameters (go-wiremock)', async () => {
    const { send } = await serve('gowiremock-url-path-templating.json');
    expect((await send('/contacts/12345/addresses/99876')).status).toBe(200);
    expect((await send('/contacts/1/addresses/99876')).status).toBe(404);
  });

  it('equalToJson body pattern (spring-cloud-contract)', async () => {
    const { send } = await serve('scc-body-matches-equaltojson.json');
    const hit = await send('/body', json({ things: [{ name: 'RequiredThing' }] }));
    expect([hit.status, hit.text]).toEqual([200, 'Hello Body']);
    expect((await send('/body', json({ things: [{ name: 'Other' }] }))).status).toBe(404);
  });

  it("matchesJsonPath with Jayway's =~ filter and a header (spring-cloud-contract)", async () => {
    const { send } = await serve('scc-shouldRejectABeerIfTooYoung.json');
    const young = await send('/check', json({ age: 15, name: 'marcin' }));
    expect([young.status, JSON.parse(young.text)]).toEqual([200, { status: 'NOT_OK' }]);
    expect(young.headers.get('content-type')).toBe('application/json');
    expect((await send('/check', json({ age: 25 }))).status).toBe(404);
  });

  it('urlPathPattern with a capture group becomes a constrained parameter', async () => {
    const { send } = await serve('scc-url-path-pattern.json');
    const hit = await send('/123/url-path-pattern/');
    expect([hit.status, hit.text]).toEqual([200, 'Hello Url Path Matcher']);
    expect((await send('/abc/url-path-pattern/')).status).toBe(404);
  });

  it('fixedDelayMilliseconds becomes a fixed latency; a missing bodyFileName is reported', async () => {
    const result = importCorpus(wiremockImporter, 'wiremock', 'wiremock-slow-response.json');
    expect(result.warnings).toContainEqual({ source: 'response.bodyFileName', message: expect.stringContaining('stuff.txt') });
    served = await serveImported(result);
    const answer = await served.send('/slow-response');
    expect(answer.status).toBe(200);
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(500);
    expect(answer.elapsedMs).toBeLessThan(600);
  });

  it('serves the body file from __files/ when the directory holds it', async () => {
    const { send } = await serve('wiremock-slow-response.json', { '__files/stuff.txt': 'the stuff' });
    expect((await send('/slow-response')).text).toBe('the stuff');
  });

  it('a scenario becomes a workflow with states: the POST moves the GET to its next answer', async () => {
    const { send } = await serve('wiremock-with-several-mappings-in-one-file.json', {
      '__files/body.xml': '<items><item>Buy milk</item><item>Cancel newspaper subscription</item></items>',
    });
    expect((await send('/todo/items')).text).toBe('<items><item>Buy milk</item></items>');
    const post = await send('/todo/items', { method: 'POST', body: 'Cancel newspaper subscription' });
    expect(post.status).toBe(201);
    expect((await send('/todo/items')).text).toContain('Cancel newspaper subscription');
  });

  it('query absent vs equalTo tell two stubs apart; the random-data helper becomes faker', async () => {
    const { send } = await serve('wiremockdocker-user.json', { '__files/user.json': '{ "name": "pretty" }' });
    const plain = JSON.parse((await send('/user')).text) as Record<string, string>;
    expect(plain.favorite_tool).toBe('WireMock');
    expect(plain.name).toMatch(/^\S+$/);
    expect(plain.name).not.toContain('{{');
    expect((await send('/user?pretty=true')).text).toBe('{ "name": "pretty" }');
  });

  it('the state extension: recordState and state-matcher become state actions and match.state', async () => {
    const { send } = await serve('wiremockstate-profile.json');
    expect((await send('/api/v1/profile/image')).status).toBe(404);
    const saved = await send('/api/v1/profile', json({ firstName: 'Ada', familyName: 'Lovelace', street: 'St James', city: 'London' }));
    expect(JSON.parse(saved.text)).toMatchObject({ firstName: 'Ada', city: 'London' });
    expect(JSON.parse((await send('/api/v1/profile')).text)).toMatchObject({ firstName: 'Ada', familyName: 'Lovelace' });
    expect((await send('/api/v1/profile/image', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'PNGDATA' })).status).toBe(201);
    const image = await send('/api/v1/profile/image');
    expect([image.status, image.text, image.headers.get('content-type')]).toEqual([200, 'PNGDATA', 'text/plain']);
    expect((await send('/api/v1/profile/image', { method: 'DELETE' })).status).toBe(204);
    expect((await send('/api/v1/profile/image')).status).toBe(404);
  });

  it('the go-wiremock kitchen sink: every supported matcher must hold, then the fault resets the connection', async () => {
    const result = importCorpus(wiremockImporter, 'wiremock', 'gowiremock-expected-template-scenario.json');
    expect(result.warnings.map((w) => w.source)).toEqual(
      expect.arrayContaining(['request.cookies.session', 'request.host', 'request.multipartPatterns', 'postServeActions']),
    );
    served = await serveImported(result);
    const query = '?firstName=Jack&lastName=White&nickname=JOHNBLACK&address=1&address=2&id=1';
    const init = (headers: Record<string, string>): RequestInit => ({
      method: 'POST',
      headers: { 'x-session': 'a@b', authorization: `Basic ${Buffer.from('username:password').toString('base64')}`, ...headers },
      body: JSON.stringify({ meta: 'information', form: '&form1=value1&' }),
    });
    await expect(served.send(`/example${query}`, init({}))).rejects.toThrow();
    expect((await served.send(`/example${query}`, init({ 'x-absent': 'here' }))).status).toBe(404);
    expect((await served.send(`/example${query.replace('Jack', 'Jim')}`, init({}))).status).toBe(404);
  });

  it('imports a directory: other mapping files and __files bodies', () => {
    const result = importText(wiremockImporter, 'mappings/a.json', JSON.stringify({ request: { url: '/a' }, response: { bodyFileName: 'a.txt' } }), {
      'mappings/b.json': JSON.stringify({ mappings: [{ request: { method: 'GET', url: '/b' }, response: { body: 'b' } }] }),
      '__files/a.txt': 'A',
    });
    expect(result.config.endpoints?.map((e) => e.path)).toEqual(['/a', '/b']);
    expect([...result.bodyFiles]).toEqual([['__files/a.txt', 'A']]);
  });

  it('gives byte-identical output for the same input', () => {
    for (const name of ['wiremockstate-profile.json', 'gowiremock-expected-template-scenario.json']) {
      expectDeterministic(() => importCorpus(wiremockImporter, 'wiremock', name));
    }
  });
});
