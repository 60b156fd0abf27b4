import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { startNamedBackends, type Backend } from '../proxy/backends.js';
import { inBrowser, screenshot, useConsoles } from './console-harness.js';

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

/** Backends that answer their own name, closed after each test. */
async function named(...names: string[]): Promise<Backend[]> {
  const started = await startNamedBackends(...names);
  backends.push(...started);
  return started;
}

const hit = async (url: string) => (await fetch(url)).text();

describe('console: adding, editing and deleting upstreams', () => {
  const consoles = useConsoles();

  it('creates an upstream in the form that an endpoint forwards to, moves its traffic to a new target, and deletes it once nothing uses it', async () => {
    const [a, b] = await named('a', 'b');
    const session = await consoles.open(
      `version: 2
endpoints:
  - { id: ping, path: /ping, response: { body: pong } }
`,
      { route: 'upstreams' },
    );
    const { page, mimicus } = session;
    await page.getByText('No upstreams').waitFor();
    await page.getByRole('button', { name: 'New upstream' }).click();
    const editor = page.getByRole('region', { name: 'New upstream' });
    await editor.getByLabel('Upstream id').fill('shop');
    await editor.getByLabel('Target 1 URL').fill('ftp://nowhere');
    // The schema's answer, under the field it is about.
    const urlIssue = editor.locator('.field', { has: page.getByLabel('Target 1 URL') }).locator('.issue');
    await expect.poll(() => urlIssue.textContent()).toContain('expected an http:// or https:// URL');
    await editor.getByLabel('Target 1 URL').fill(a!.url);
    await editor.getByLabel('Target 1 weight').fill('0');
    await expect
      .poll(() =>
        editor
          .locator('.field', { has: page.getByLabel('Target 1 weight') })
          .locator('.issue')
          .textContent(),
      )
      .toContain('greater than 0');
    await editor.getByLabel('Target 1 weight').fill('3');
    await editor.getByRole('button', { name: '+ target' }).click();
    await editor.getByLabel('Target 2 URL').fill(b!.url);
    await editor.getByLabel('Balance').selectOption('consistent-hash');
    await editor.getByLabel('Hash on').selectOption('header');
    await editor.getByLabel('Header name').fill('x-user');
    await editor.getByLabel('Virtual nodes').fill('40');
    await editor.getByText('Health checks').click();
    await editor.getByLabel('Eject after consecutive 5xx').fill('3');
    await editor.getByLabel('Base ejection').fill('soon');
    // A folded block's issue shows under its field (the browser's schema check, at once).
    await expect
      .poll(() =>
        editor
          .locator('.field', { has: page.getByLabel('Base ejection') })
          .locator('.issue')
          .textContent(),
      )
      .toContain('expected a duration');
    await editor.getByLabel('Base ejection').fill('10s');
    await editor.getByText('Connections and TLS').click();
    await editor.getByLabel('Connect timeout').fill('2s');
    // The second target goes again: the form and the YAML hold one target.
    await editor.getByRole('button', { name: 'Remove target 2' }).click();
    await expect.poll(() => editor.locator('[data-validity]').textContent()).toBe('✓ valid');
    await screenshot(page, 'upstream-editor-form');

    await editor.getByRole('tab', { name: 'YAML' }).click();
    const yamlText = await editor.getByLabel('The upstream as YAML').inputValue();
    const shown = parse(yamlText) as Record<string, unknown>;
    expect(shown).toEqual({
      id: 'shop',
      targets: [{ url: a!.url, weight: 3 }],
      balance: { 'consistent-hash': { key: 'header:x-user', virtualNodes: 40 } },
      health: { outlier: { consecutive5xx: 3, baseEjection: '10s' } },
      pool: { connectTimeout: '2s' },
    });
    await screenshot(page, 'upstream-editor-yaml');
    await editor.getByRole('tab', { name: 'Form' }).click();
    await editor.getByRole('button', { name: 'Create upstream' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved upstream shop: serving now.' }).waitFor();
    // Round trip: what the server holds is what the YAML tab showed.
    expect(await (await mimicus.api('/api/upstreams/shop/config')).json()).toEqual(shown);
    await page.locator('.upstream[data-upstream="shop"]').waitFor();

    // An endpoint forwards to it; the data plane answers through it.
    expect((await mimicus.api('/api/endpoints', { method: 'POST', json: { id: 'to-shop', path: '/shop/**', proxy: { upstream: 'shop' } } })).status).toBe(201);
    expect(await hit(`${mimicus.url}/shop/x`)).toBe('a');

    // Edit: the target becomes b, and traffic goes there; the rest of the upstream stays as it was.
    await page.getByRole('button', { name: 'Edit upstream shop' }).click();
    const edit = page.getByRole('region', { name: 'Edit upstream shop' });
    expect(await edit.getByLabel('Upstream id').getAttribute('readonly')).not.toBeNull();
    await edit.getByLabel('Target 1 URL').fill(b!.url);
    await edit.getByLabel('Change message').fill('move shop to b');
    await expect.poll(() => edit.locator('[data-validity]').textContent()).toBe('✓ valid');
    await edit.getByRole('button', { name: 'Save upstream' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved upstream shop' }).waitFor();
    expect(await hit(`${mimicus.url}/shop/x`)).toBe('b');
    expect(await (await mimicus.api('/api/upstreams/shop/config')).json()).toEqual({ ...shown, targets: [{ url: b!.url, weight: 3 }] });
    await page.locator(`.upstream[data-upstream="shop"] tr[data-target="${b!.url}"]`).waitFor();

    // Delete is asked first, and refused while to-shop forwards there: the place is shown and links to the endpoint.
    await page.getByRole('button', { name: 'Delete upstream shop' }).click();
    const confirm = page.getByRole('group', { name: 'Delete upstream shop' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await (await mimicus.api('/api/upstreams/shop/config')).json()).toMatchObject({ id: 'shop' });
    await page.getByRole('button', { name: 'Delete upstream shop' }).click();
    await confirm.getByRole('button', { name: 'Delete shop' }).click();
    const places = confirm.getByRole('list', { name: 'Places that use shop' });
    await places.waitFor();
    expect(await confirm.locator('[data-refusal]').getAttribute('data-refusal')).toBe('UPSTREAM_IN_USE');
    expect(await places.locator('li').allTextContents()).toEqual(['endpoint to-shop at endpoints[1].proxy.upstream']);
    expect(await places.getByRole('link', { name: 'to-shop' }).getAttribute('href')).toBe('#/endpoints/to-shop/edit');
    await screenshot(page, 'upstream-delete-refused');
    expect(await hit(`${mimicus.url}/shop/x`)).toBe('b');

    expect((await mimicus.api('/api/endpoints/to-shop', { method: 'DELETE' })).status).toBe(204);
    await confirm.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted upstream shop.' }).waitFor();
    await page.locator('.upstream[data-upstream="shop"]').waitFor({ state: 'detached' });
    expect((await mimicus.api('/api/upstreams/shop/config')).status).toBe(404);
  }, 90_000);

  it('keeps blocks the form does not show when the form edits an upstream, and shows a duplicate id under the id field', async () => {
    const [a] = await named('a');
    const session = await consoles.open(
      `version: 2
upstreams:
  - id: orders
    targets: [{ url: "${a!.url}" }]
    retry: { attempts: 2, retryOn: [connect-failure, 503], backoff: { base: 10ms } }
    timeout: { total: 3s, header: false }
    health: { path: /healthz, interval: 1h }
`,
      { route: 'upstreams' },
    );
    const { page, mimicus } = session;
    await page.getByRole('button', { name: 'Edit upstream orders' }).click();
    const edit = page.getByRole('region', { name: 'Edit upstream orders' });
    // Blocks the upstream has start open; the timeout's object form is left to the YAML tab.
    expect(await edit.getByLabel('Probe path').inputValue()).toBe('/healthz');
    expect(await edit.getByLabel('Retry attempts').inputValue()).toBe('2');
    await edit.getByText('edit it in the YAML tab').first().waitFor();
    await edit.getByLabel('Retry attempts').fill('4');
    await edit.getByLabel('Probe method').selectOption('HEAD');
    // Side by side, a YAML edit comes back to the form, and the form's edit to the YAML.
    await edit.getByRole('tab', { name: 'Side by side' }).click();
    const yaml = edit.getByLabel('The upstream as YAML');
    await yaml.fill((await yaml.inputValue()).replace('interval: 1h', 'interval: 30m'));
    await expect.poll(() => edit.getByLabel('Probe interval').inputValue()).toBe('30m');
    await edit.getByLabel('Probe interval').fill('20m');
    await expect.poll(() => yaml.inputValue()).toContain('interval: 20m');
    await edit.getByRole('button', { name: 'Save upstream' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved upstream orders' }).waitFor();
    expect(await (await mimicus.api('/api/upstreams/orders/config')).json()).toEqual({
      id: 'orders',
      targets: [{ url: a!.url }],
      retry: { attempts: 4, retryOn: ['connect-failure', 503], backoff: { base: '10ms' } },
      timeout: { total: '3s', header: false },
      health: { path: '/healthz', interval: '20m', method: 'HEAD' },
    });

    // A second upstream named like the first: the server's answer shows under the id.
    await page.getByRole('button', { name: 'New upstream' }).click();
    const created = page.getByRole('region', { name: 'New upstream' });
    await created.getByLabel('Upstream id').fill('orders');
    await created.getByLabel('Target 1 URL').fill(a!.url);
    // The server's semantic check of the whole config, under the id field before any save.
    await expect
      .poll(async () =>
        (
          await created
            .locator('.field', { has: page.getByLabel('Upstream id') })
            .locator('.issue')
            .textContent()
        )?.trim(),
      )
      .toBe('duplicate upstream id "orders"');
    await created.getByRole('button', { name: 'Create upstream' }).click();
    await expect.poll(() => created.getByRole('status').textContent()).toContain('Not saved');
    expect(await created.getByRole('alert', { name: 'Upstream issues' }).textContent()).toContain('upstream "orders" already exists');
    expect((await (await mimicus.api('/api/upstreams')).json()) as { items: unknown[] }).toMatchObject({ items: [{ id: 'orders' }] });
  }, 60_000);

  it('shows hostile upstream URLs and ids as text, nowhere as markup', async () => {
    const scriptUrl = 'http://127.0.0.1:1/<script>window.__xss=1</script>';
    const imageUrl = 'http://127.0.0.1:1/"><img/src=x/onerror=window.__xss=2>';
    const session = await consoles.open(
      `version: 2
server:
  unmatched: { proxy: { upstream: odd } }
upstreams:
  - id: odd
    targets: [{ url: '${scriptUrl}' }, { url: '${imageUrl}' }]
endpoints:
  - { id: to-odd, path: /odd/**, proxy: { upstream: odd } }
`,
      { route: 'upstreams' },
    );
    const { page } = session;
    const card = page.locator('.upstream[data-upstream="odd"]');
    await card.waitFor();
    expect(await card.locator('tbody tr td:first-child').allTextContents()).toEqual([scriptUrl, imageUrl]);

    await page.getByRole('button', { name: 'Edit upstream odd' }).click();
    const edit = page.getByRole('region', { name: 'Edit upstream odd' });
    expect(await edit.getByLabel('Target 2 URL').inputValue()).toBe(imageUrl);
    await edit.getByRole('tab', { name: 'YAML' }).click();
    expect(await edit.getByLabel('The upstream as YAML').inputValue()).toContain('<script>window.__xss=1</script>');
    await edit.getByRole('button', { name: 'Cancel' }).click();

    // A typed id full of markup is refused by the schema, under the field, as text.
    await page.getByRole('button', { name: 'New upstream' }).click();
    const created = page.getByRole('region', { name: 'New upstream' });
    await created.getByLabel('Upstream id').fill('"><img src=x onerror="window.__xss=3">');
    await created.getByLabel('Target 1 URL').fill(imageUrl);
    await expect
      .poll(() =>
        created
          .locator('.field', { has: page.getByLabel('Upstream id') })
          .locator('.issue')
          .textContent(),
      )
      .toContain('must be a non-empty id');
    await created.getByRole('button', { name: 'Create upstream' }).click();
    await expect.poll(() => created.getByRole('status').textContent()).toContain('Not saved');

    await page.getByRole('button', { name: 'Delete upstream odd' }).click();
    await page.getByRole('button', { name: 'Delete odd' }).click();
    const places = page.getByRole('list', { name: 'Places that use odd' });
    await places.waitFor();
    expect(await places.locator('li').allTextContents()).toEqual(['endpoint to-odd at endpoints[0].proxy.upstream', 'server.unmatched.proxy.upstream']);

    expect(await inBrowser<unknown>(page, 'window.__xss')).toBeUndefined();
    expect(await page.locator('main img, main script').count()).toBe(0);
  }, 60_000);

  it('fits the editor, every block open, in a 375 px wide window', async () => {
    const [a] = await named('a');
    const session = await consoles.open(
      `version: 2
upstreams:
  - { id: orders, targets: [{ url: "${a!.url}", weight: 2 }], balance: { consistent-hash: { key: "cookie:session-id" } } }
`,
      { route: 'upstreams', viewport: { width: 375, height: 800 } },
    );
    const { page } = session;
    await page.getByRole('button', { name: 'Edit upstream orders' }).click();
    const edit = page.getByRole('region', { name: 'Edit upstream orders' });
    expect(await edit.getByLabel('Cookie name').inputValue()).toBe('session-id');
    for (const block of ['Health checks', 'Connections and TLS', 'Resilience']) await edit.getByText(block, { exact: true }).click();
    await edit.getByLabel('Hedge max').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(page, 'narrow-upstream-editor');
  }, 60_000);
});
