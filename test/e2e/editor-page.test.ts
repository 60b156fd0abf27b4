import { describe, expect, it } from 'vitest';
import { screenshot, useConsoles } from './console-harness.js';

const CONFIG = `version: 2
endpoints:
  - id: users
    method: GET
    path: /users/{id}
    latency: { lognormal: { median: 80ms, sigma: 0.5 } }
    errors: [{ rate: 0.1, status: 503 }]
    response: { status: 200, body: a user }
  - id: orders
    method: GET
    path: /orders
    response: { status: 200, json: { items: [] } }
`;

describe('console: Endpoint editor', { timeout: 40_000 }, () => {
  const consoles = useConsoles();

  it('plots the latency distribution live and moves p99 as a parameter changes', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/users/edit' });
    const { page } = session;
    const p99 = page.locator('[data-percentile="p99"]');
    await p99.waitFor();
    const before = await p99.textContent();
    expect(await page.locator('.latency-plot rect.bar').count()).toBeGreaterThan(10);
    const markers = await page.locator('.latency-plot .marker text').allTextContents();
    expect(markers.map((text) => text.split(' ')[0])).toEqual(['p50', 'p90', 'p99']);
    const p99Marker = page.locator('.latency-plot .marker-p99 text');
    const markerBefore = await p99Marker.textContent();
    await page.getByLabel('Latency median').fill('300ms');
    await expect.poll(() => p99.textContent()).not.toBe(before);
    await expect.poll(() => p99Marker.textContent()).not.toBe(markerBefore);
    // lognormal(300ms, σ 0.5): p99 = 300 · e^(2.326 · 0.5) ≈ 960 ms
    expect(Number.parseFloat((await p99.textContent()) ?? '')).toBeGreaterThan(900);
    await page.getByLabel('Latency distribution').selectOption('uniform');
    await expect.poll(() => page.locator('.latency-plot figcaption .muted').textContent()).toMatch(/uniform/);
    await screenshot(page, 'editor');
  });

  it('shows a validation error under the field as you type', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/users/edit' });
    const { page } = session;
    const status = page.getByLabel('Response status');
    await status.fill('99');
    const issue = page.locator('.field:has(#response-status) .issue');
    await expect.poll(() => issue.textContent()).toMatch(/100-599/);
    await status.fill('404');
    await expect.poll(() => issue.count()).toBe(0);
    await page.getByLabel('Fault 1 rate').fill('1.5');
    await expect.poll(() => page.locator('.issue', { hasText: 'probability' }).count()).toBe(1);
  });

  it('checks the draft against the published config schema in the browser, without waiting for the server', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/users/edit' });
    const { page } = session;
    // The first verdict waits for the debounced server check (300 ms, then a round trip): seconds on a loaded machine.
    await expect.poll(() => page.locator('[data-validity]').textContent(), { timeout: 10_000 }).toBe('✓ valid');
    // The server's check never answers from here on: what shows comes from the browser's own validator.
    let validations = 0;
    await page.route('**/api/config/validate', (route) => {
      validations += 1;
      return route.abort();
    });
    await page.getByLabel('Response status').fill('99');
    const issue = page.locator('.field:has(#response-status) .issue[data-source="schema"]');
    await expect.poll(() => issue.textContent()).toMatch(/100-599/);
    expect(await page.locator('[data-validity]').textContent()).toBe('1 issue');
    await page.getByLabel('Path', { exact: true }).fill('users/{id}');
    await expect.poll(() => page.locator('.field:has(#editor-path) .issue[data-source="schema"]').count()).toBe(1);
    await screenshot(page, 'editor-schema-validation');
    await page.getByLabel('Path', { exact: true }).fill('/users/{id}');
    await page.getByLabel('Response status').fill('404');
    await expect.poll(() => page.locator('.issue').count()).toBe(0);
    // The debounced server check was still asked (and kept failing): the live check did not replace it.
    await expect.poll(() => validations).toBeGreaterThan(0);
  });

  it('shows a conflict with a link to the endpoint it clashes with, as you type and on save', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/orders/edit' });
    const { page, mimicus } = session;
    await page.getByLabel('Path', { exact: true }).fill('/users/{id}');
    const link = page.getByRole('link', { name: 'open users' }).first();
    await link.waitFor();
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText('Not saved: Configuration has conflicts').waitFor();
    expect(((await (await mimicus.api('/api/endpoints/orders')).json()) as { path: string }).path).toBe('/orders');
    await screenshot(page, 'editor-conflict');
    await link.click();
    await page.getByRole('heading', { name: 'Edit users' }).waitFor();
    expect(await page.getByLabel('Path', { exact: true }).inputValue()).toBe('/users/{id}');
  });

  it('renders a template against a sample request that can be edited', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/users/edit' });
    const { page } = session;
    await page.getByLabel('Response templated').check();
    await page.getByLabel('Response body', { exact: true }).fill('user {{request.params.id}} for {{request.headers.x-team}}');
    await page.getByLabel('Sample path').fill('/users/42');
    await page.getByLabel('Sample headers').fill('x-team: blue');
    await page.getByRole('button', { name: 'Render preview' }).click();
    await expect.poll(() => page.locator('[data-rendered="body"]').textContent()).toBe('user 42 for blue');
    expect(await page.locator('[data-rendered="status"]').textContent()).toBe('200');
    expect(await page.locator('[data-rendered="headers"]').textContent()).toMatch(/content-type: text\/plain/);
  });

  it('saves the edited endpoint with a message, which then answers over HTTP and is recorded as a version', async () => {
    const session = await consoles.open(CONFIG);
    const { page, mimicus } = session;
    await page.getByRole('link', { name: 'Edit orders' }).click();
    await page.getByRole('heading', { name: 'Edit orders' }).waitFor();
    await page.getByLabel('Response status').fill('202');
    await page.getByLabel('Response body kind').selectOption('json');
    await page.getByLabel('Response body', { exact: true }).fill('{ "items": [1, 2] }');
    await page.getByRole('button', { name: 'Split into weighted variants' }).click();
    await page.getByLabel('Variant 2 weight').fill('3');
    await expect.poll(() => page.locator('[data-share="0"]').textContent()).toBe('25%');
    expect(await page.locator('[data-share="1"]').textContent()).toBe('75%');
    await page.getByLabel('Variant 2 weight').fill('0');
    await page.getByRole('button', { name: 'Use one response' }).click();
    await page.getByLabel('Change message').fill('orders are accepted, not listed');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText('Saved orders').waitFor();
    const response = await fetch(`${mimicus.url}/orders`);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ items: [1, 2] });
    const versions = (await (await mimicus.api('/api/versions')).json()) as { items: { message?: string }[] };
    expect(versions.items[0]?.message).toBe('orders are accepted, not listed');
  });

  it('sets whenState in the form, and the endpoint then answers only in that workflow state', async () => {
    const session = await consoles.open(
      `version: 2
endpoints:
  - { id: add, method: POST, path: /cart, response: { status: 201 } }
  - { id: pay, method: POST, path: /pay, response: { status: 200, body: paid } }
workflows:
  - id: checkout
    endpoints: [add, pay]
    states: { initial: browsing, transitions: [ { on: add, from: browsing, to: carted } ] }
`,
      { route: 'endpoints/pay/edit' },
    );
    const { page, mimicus } = session;
    await page.getByLabel('Only in workflow state').fill('carted');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText('Saved pay').waitFor();
    const saved = (await (await mimicus.api('/api/endpoints/pay')).json()) as { whenState?: unknown };
    expect(saved.whenState).toBe('carted');
    expect((await fetch(`${mimicus.url}/pay`, { method: 'POST' })).status).toBe(404);
    await fetch(`${mimicus.url}/cart`, { method: 'POST' });
    expect(await (await fetch(`${mimicus.url}/pay`, { method: 'POST' })).text()).toBe('paid');
  });

  it('fits a narrow window', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/users/edit', viewport: { width: 420, height: 800 } });
    const { page } = session;
    await page.locator('[data-percentile="p99"]').waitFor();
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
    expect(await page.locator('.issue').count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(420);
    await screenshot(page, 'editor-narrow');
  });

  it('creates an endpoint from the YAML tab', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/new' });
    const { page, mimicus } = session;
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.getByLabel('The endpoint as YAML').fill('id: ping\nmethod: GET\npath: /ping\nresponse:\n  status: 200\n  body: pong\n');
    await page.getByRole('tab', { name: 'Form' }).click();
    expect(await page.getByLabel('Path', { exact: true }).inputValue()).toBe('/ping');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    await page.getByRole('heading', { name: 'Edit ping' }).waitFor();
    expect(await (await fetch(`${mimicus.url}/ping`)).text()).toBe('pong');
  });
  it('shows no issue on a new endpoint before the first edit, and names its issues in the YAML tab', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/new' });
    const { page } = session;
    await page.getByRole('heading', { name: 'New endpoint' }).waitFor();
    // Give the live check and the server's check time to answer: neither may show yet.
    await page.waitForTimeout(800);
    expect(await page.locator('.issue').count()).toBe(0);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.getByLabel('The endpoint as YAML').fill('id: ping\nmethod: GET\npath: ping\nresponse:\n  status: 999\n');
    const listed = page.getByRole('list', { name: 'Issues in this endpoint' });
    await expect
      .poll(() => listed.locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-path'))))
      .toEqual(expect.arrayContaining(['path', 'response.status']));
  });

  it('adds a schedule window on the week grid, shown in the YAML tab and saved', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/orders/edit' });
    const { page, mimicus } = session;
    await page.getByRole('group', { name: 'Add a window' }).waitFor();
    expect(await page.locator('rect.window-block').count()).toBe(0);
    await page.getByLabel('Window name').fill('office hours');
    await page.getByLabel('Window from').fill('09:00');
    await page.getByLabel('Window to').fill('17:30');
    await page.getByLabel('Window latency').fill('800ms');
    await page.getByLabel('Window status').fill('503');
    await page.getByRole('button', { name: 'Add window' }).click();
    // mon-fri (the form's default days): one block per weekday, none at the weekend.
    await expect.poll(() => page.locator('rect.window-block[data-window="0"]').count()).toBe(5);
    expect(await page.locator('rect.window-block[data-day="sat"]').count()).toBe(0);
    await page.getByLabel('Window from').fill('22:00');
    await page.getByLabel('Window to').fill('06:00');
    await page.getByRole('group', { name: 'Window days' }).getByLabel('mon').uncheck();
    for (const day of ['tue', 'wed', 'thu', 'fri']) await page.getByRole('group', { name: 'Window days' }).getByLabel(day).uncheck();
    await page.getByRole('group', { name: 'Window days' }).getByLabel('sat').check();
    await page.getByRole('button', { name: 'Add window' }).click();
    // Saturday 22:00 runs past midnight into Sunday.
    expect(await page.locator('rect.window-block[data-window="1"]').evaluateAll((rects) => rects.map((rect) => rect.getAttribute('data-day')))).toEqual([
      'sat',
      'sun',
    ]);
    await screenshot(page, 'editor-schedule');
    await page.getByRole('button', { name: 'Remove window 2' }).click();
    await expect.poll(() => page.locator('rect.window-block[data-window="1"]').count()).toBe(0);

    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = await page.getByLabel('The endpoint as YAML').inputValue();
    expect(yaml).toMatch(/name: office hours/);
    expect(yaml).toMatch(/- mon-fri/);
    expect(yaml).toMatch(/fixed: 800ms/);
    await page.getByRole('tab', { name: 'Form' }).click();
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText('Saved orders').waitFor();
    const config = (await (await mimicus.api('/api/config')).json()) as { endpoints: { id: string; schedule?: unknown }[] };
    expect(config.endpoints.find((endpoint) => endpoint.id === 'orders')?.schedule).toEqual({
      windows: [{ name: 'office hours', days: ['mon-fri'], between: ['09:00', '17:30'], latency: { fixed: '800ms' }, status: 503 }],
    });
  });

  it('edits a sequence and state actions, which answer over HTTP once saved', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/orders/edit' });
    const { page, mimicus } = session;
    await page.getByRole('button', { name: 'Answer in sequence' }).click();
    await page.getByLabel('Step 2 body kind').selectOption('text');
    await page.getByLabel('Step 2 body', { exact: true }).fill('second');
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 3 status').fill('410');
    await page.getByLabel('Step 3 body', { exact: true }).fill('gone');
    await page.getByLabel('Then').selectOption('cycle');
    await page.getByLabel('Increment keys').fill('orders.seen');
    await page.getByRole('button', { name: '+ set state' }).click();
    await page.getByLabel('Set state 1 name').fill('last');
    await page.getByLabel('Set state 1 value').fill('orders');
    await page.getByLabel('Set keys expire after').fill('30m');
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText('Saved orders').waitFor();
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${mimicus.url}/orders`);
      answers.push(`${response.status} ${await response.text()}`);
    }
    expect(answers).toEqual(['200 {"items":[]}', '200 second', '410 gone', '200 {"items":[]}']);
    const config = (await (await mimicus.api('/api/config')).json()) as { endpoints: { id: string; state?: unknown; sequence?: { after?: string } }[] };
    const orders = config.endpoints.find((endpoint) => endpoint.id === 'orders');
    expect(orders?.state).toEqual({ inc: ['orders.seen'], set: { last: 'orders' }, ttl: '30m' });
    expect(orders?.sequence?.after).toBe('cycle');
  });
  it('edits every fault kind and the cookie, body and state predicates, and saves them into the config', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/users/edit' });
    const { page, mimicus } = session;
    await page.getByLabel('Fault 1 rate').waitFor();
    expect(await page.locator('[data-fault-share="0"]').textContent()).toBe('10% of requests');
    await page.getByLabel('Add a fault').selectOption('corrupt');
    await page.getByLabel('Fault 2 corruption').selectOption('replace');
    await page.getByLabel('Fault 2 find').fill('user');
    await page.getByLabel('Fault 2 replace with').fill('resu');
    await page.getByLabel('Fault 2 rate').fill('0.25');
    await expect.poll(() => page.locator('[data-fault-share="1"]').textContent()).toBe('25% of requests');
    expect(await page.locator('[data-fault-total]').textContent()).toMatch(/^35% of requests fail/);
    await page.getByLabel('Add a fault').selectOption('dribble');
    await page.getByLabel('Fault 3 over').fill('2s');
    await page.getByRole('button', { name: '+ cookie predicates' }).click();
    await page.getByLabel('Cookie predicates 1 name').fill('session');
    await page.getByLabel('Cookie predicates 1 value').fill('{ "regex": "^s-" }');
    await page.getByLabel('Body predicate').selectOption('contains');
    await page.getByLabel('Body contains').fill('vip');
    await page.getByRole('button', { name: '+ state predicates' }).click();
    await page.getByLabel('State predicates 1 name').fill('plan');
    await page.getByLabel('State predicates 1 value').fill('gold');
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
    await screenshot(page, 'editor-faults-match');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText(/^Saved users/).waitFor();
    const config = (await (await mimicus.api('/api/config')).json()) as { endpoints: { id: string; errors: unknown; match: unknown }[] };
    const users = config.endpoints.find((endpoint) => endpoint.id === 'users');
    expect(users?.errors).toEqual([
      { rate: 0.1, status: 503 },
      { rate: 0.25, kind: 'corrupt', replace: { find: 'user', with: 'resu' } },
      { rate: 0.05, kind: 'dribble', chunks: 10, over: '2s' },
    ]);
    expect(users?.match).toEqual({ cookies: { session: { regex: '^s-' } }, body: { contains: 'vip' }, state: { plan: 'gold' } });
  });

  it('shows a schema issue under a fault whose fields do not fit its kind', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/users/edit' });
    const { page } = session;
    await page.getByLabel('Fault 1 kind').selectOption('corrupt');
    await page.getByLabel('Fault 1 corruption').selectOption('garbage');
    await page.getByLabel('Fault 1 garbage bytes').fill('0');
    await expect.poll(() => page.locator('[data-fault="0"] .issue').count()).toBeGreaterThan(0);
    await page.getByLabel('Fault 1 garbage bytes').fill('32');
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
  });
  it('matches the body by JSON partial match once saved, and shows a saved predicate in its own form', async () => {
    const session = await consoles.open(CONFIG, { route: 'endpoints/orders/edit' });
    const { page, mimicus } = session;
    await page.locator('#editor-method').selectOption('POST');
    await page.getByLabel('Body predicate').selectOption('json');
    await page.getByLabel('Body JSON (every given field must be equal)').fill('{ "type": "vip" }');
    await expect.poll(() => page.locator('[data-validity]').textContent()).toBe('✓ valid');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText(/^Saved orders/).waitFor();
    const post = (body: unknown) =>
      fetch(`${mimicus.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ type: 'vip', items: 3 })).status).toBe(200);
    expect((await post({ type: 'basic' })).status).toBe(404);
    await page.reload();
    await expect.poll(() => page.getByLabel('Body predicate').inputValue()).toBe('json');
    expect(await page.getByLabel('Body JSON (every given field must be equal)').inputValue()).toBe('{"type":"vip"}');
  });
});
