import { afterEach, describe, expect, it } from 'vitest';
import { ConfigInvalidError, createMimicus, type Mimicus } from '../src/index.js';

let mimicus: Mimicus | undefined;
afterEach(async () => {
  await mimicus?.close();
  mimicus = undefined;
});

describe('createMimicus', () => {
  it('serves a config object on an ephemeral port', async () => {
    mimicus = await createMimicus(
      {
        version: 2,
        endpoints: [{ id: 'hi', method: 'GET', path: '/hi', response: { json: { hi: true } } }],
      },
      { dataDir: false },
    );
    await mimicus.listen(0);
    expect(mimicus.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${mimicus.url}/hi`)).json()).toEqual({ hi: true });
  });

  it('throws ConfigInvalidError listing every problem', async () => {
    const attempt = createMimicus(
      {
        version: 2,
        endpoints: [{ id: 'a', path: 'no-slash', response: { status: 700 } }],
      },
      { dataDir: false },
    );
    await expect(attempt).rejects.toBeInstanceOf(ConfigInvalidError);
    const error = (await attempt.catch((e: unknown) => e)) as ConfigInvalidError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues.map((i) => i.path).sort()).toEqual(['endpoints[0].path', 'endpoints[0].response.status']);
  });

  it('reloads a new config and keeps the old one when the new one is invalid', async () => {
    mimicus = await createMimicus({ version: 2, endpoints: [{ id: 'a', path: '/v', response: { body: 'one' } }] }, { dataDir: false });
    await mimicus.listen(0);
    const firstPlan = mimicus.plan.id;
    await mimicus.reload({ version: 2, endpoints: [{ id: 'a', path: '/v', response: { body: 'two' } }] });
    expect(await (await fetch(`${mimicus.url}/v`)).text()).toBe('two');
    expect(mimicus.plan.id).toBeGreaterThan(firstPlan);
    await expect(mimicus.reload({ version: 2, endpoints: [{ id: 'a', path: '/v' }] })).rejects.toBeInstanceOf(ConfigInvalidError);
    expect(await (await fetch(`${mimicus.url}/v`)).text()).toBe('two');
  });
});
