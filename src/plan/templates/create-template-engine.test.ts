import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../distributions/index.js';
import { AppError } from '../../errors/index.js';
import { createTemplateEngine, templateHelperNames } from './index.js';
import type { TemplateContext, TemplateEngine } from './index.js';

const fixedNow = Date.UTC(2024, 4, 1, 12, 0, 0);
const engineWith = (seed = 7): TemplateEngine => createTemplateEngine({ random: createRandom(seed), now: () => fixedNow });

const context = (body: unknown = {}, params: Record<string, string> = {}): TemplateContext => ({
  request: {
    method: 'POST',
    path: '/users/42',
    url: '/users/42?x=1',
    params,
    query: { x: '1' },
    headers: {},
    cookies: {},
    body,
    bodyText: JSON.stringify(body),
  },
});

function compiled(engine: TemplateEngine, source: string) {
  const result = engine.compile(source);
  if (!result.ok) throw new Error(`did not compile: ${result.error.message}`);
  return result.value;
}

const compileError = (source: string) => {
  const result = engineWith().compile(source);
  if (result.ok) throw new Error('compiled');
  return result.error;
};

describe('createTemplateEngine', () => {
  it('renders request fields without HTML escaping, since bodies are JSON and text', () => {
    const render = compiled(engineWith(), '{"name":"{{request.body.name}}","id":{{request.params.id}} }');
    expect(render(context({ name: `O'Brien & <Co>` }, { id: '42' }))).toBe(`{"name":"O'Brien & <Co>","id":42 }`);
  });

  it('reports a syntax error with its line and column in the template', () => {
    expect(compileError('{\n  "a": {{ request.path\n}')).toMatchObject({ message: expect.stringContaining('syntax error'), line: 3, column: 1 });
    expect(compileError('ab\ncd {{#if a}}x{{/ix}}')).toEqual({ message: "if doesn't match ix", line: 2, column: 7 });
  });

  it('explains the "}}}" trap of JSON templates', () => {
    expect(compileError('{"a":{"b":{{request.path}}}}').message).toContain('in JSON write "{{value}} }"');
  });

  it('refuses a misspelled helper at compile time, with a suggestion', () => {
    expect(compileError('line one\n  {{fakr "person.fullName"}}')).toEqual({
      message: 'unknown helper "fakr" (did you mean "faker"?)',
      line: 2,
      column: 3,
    });
  });

  it('refuses malformed literal arguments at compile time, naming the helper and place', () => {
    expect(compileError('x {{randomInt "a" 3}}')).toEqual({ message: 'helper "randomInt": min and max must be numbers', line: 1, column: 3 });
    expect(compileError('{{#if (eq 1)}}{{/if}}')).toMatchObject({ message: 'helper "eq": expects 2 arguments, got 1', column: 7 });
    expect(compileError('{{now format="YYYY"}}').message).toContain('unknown date token "YYYY"');
  });

  it('wraps a throwing helper in TEMPLATE_RENDER_FAILED naming the helper, with the cause', () => {
    const render = compiled(engineWith(), '{{jsonPath request.bodyText "$.a"}}');
    const failure = (() => {
      try {
        render({ request: { ...context().request, bodyText: 'not json' } });
      } catch (error) {
        return error;
      }
      throw new Error('rendered');
    })();
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'TEMPLATE_RENDER_FAILED', detail: expect.stringMatching(/^helper "jsonPath" failed: /) });
    expect((failure as AppError).cause).toBeInstanceOf(SyntaxError);
  });

  it('keeps the innermost helper name when a failing helper runs inside a block', () => {
    const render = compiled(engineWith(), '{{#repeat 2}}{{math "div" 1 0}}{{/repeat}}');
    expect(() => render(context())).toThrow('helper "math" failed: division by zero');
  });

  it('turns Handlebars runtime errors into TEMPLATE_RENDER_FAILED too', () => {
    const render = compiled(engineWith(), '{{#each request.body.items as |item|}}{{item}}{{/each}}');
    const throwing = {
      get items(): unknown {
        throw new Error('boom');
      },
    };
    expect(() => render({ request: { ...context().request, body: throwing } })).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_RENDER_FAILED', detail: 'template failed: boom' }),
    );
  });

  it('replays the same output for the same seed and sequence of renders, faker and uuid included', () => {
    const source = '{{uuid}} {{faker "person.fullName"}} {{randomInt 1 1000000}} {{pick "a" "b" "c"}} {{faker "internet.email"}}';
    const run = (seed: number) => {
      const render = compiled(engineWith(seed), source);
      return Array.from({ length: 5 }, () => render(context()));
    };
    const first = run(42);
    expect(run(42)).toEqual(first);
    expect(new Set(first).size).toBe(5);
    expect(run(43)).not.toEqual(first);
  });

  it('gives the same faker values whether faker was loaded by prepare or by compile', async () => {
    const source = '{{faker "person.fullName"}}';
    const prepared = engineWith(9);
    await prepared.prepare([source, '{{uuid}}']);
    expect(compiled(prepared, source)(context())).toBe(compiled(engineWith(9), source)(context()));
  });

  it('keeps helpers in its own Handlebars environment', () => {
    engineWith();
    expect(Object.keys(Handlebars.helpers)).not.toContain('faker');
    expect(templateHelperNames).toEqual(expect.arrayContaining(['faker', 'uuid', 'now', 'jsonPath', 'repeat', 'eq', 'math', 'default']));
  });

  it('renders without compiling again (micro benchmark, printed, not asserted)', () => {
    const render = compiled(engineWith(), '{"id":"{{uuid}}","name":"{{faker "person.fullName"}}","at":"{{now format="yyyy-MM-dd HH:mm:ss"}}"}');
    const ctx = context();
    for (let i = 0; i < 2_000; i++) render(ctx);
    const runs = 20_000;
    const started = performance.now();
    for (let i = 0; i < runs; i++) render(ctx);
    const microseconds = ((performance.now() - started) * 1000) / runs;
    console.log(`template with uuid + faker + now: ${microseconds.toFixed(2)} µs/render (${Math.round(1e6 / microseconds)} renders/s)`);
    expect(microseconds).toBeGreaterThan(0);
  });
});

describe('rendering with the prepared runtime options', () => {
  const render = (source: string, body: unknown) => compiled(engineWith(), source)(context(body));

  it('keeps Handlebars built-ins working: each with @index/@first/@last, if/else, with, lookup, @root', () => {
    const body = { items: [{ sku: 'a' }, { sku: 'b' }], key: 'sku', flag: false, user: { name: 'Ada' } };
    expect(render('{{#each request.body.items}}{{@index}}{{sku}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}};{{/each}}', body)).toBe('0aF;1bL;');
    expect(render('{{#if request.body.flag}}yes{{else}}no{{/if}}', body)).toBe('no');
    expect(render('{{#with request.body.user}}{{name}}{{/with}}', body)).toBe('Ada');
    expect(render('{{lookup (lookup request.body.items 1) request.body.key}}', body)).toBe('b');
    expect(render('{{#each request.body.items}}{{@root.request.body.user.name}}{{/each}}', body)).toBe('AdaAda');
    expect(render('{{#request.body.user}}{{name}}{{/request.body.user}}', body)).toBe('Ada');
  });

  it('still refuses prototype access', () => {
    expect(render('[{{request.body.constructor}}][{{lookup request.body "constructor"}}][{{request.body.__proto__}}]', { a: 1 })).toBe('[][][]');
  });

  it('renders the same output twice in a row (no state kept between renders)', () => {
    const template = compiled(engineWith(), '{{#each request.body.items}}{{@index}}{{/each}}');
    expect(template(context({ items: [1, 2] }))).toBe('01');
    expect(template(context({ items: [1] }))).toBe('0');
  });
});
