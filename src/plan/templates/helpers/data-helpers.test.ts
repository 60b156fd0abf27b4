import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../distributions/index.js';
import { createTemplateEngine } from '../index.js';
import type { TemplateContext } from '../index.js';

const body = { user: { name: 'Ada', tags: ['a', 'b'] }, items: [{ price: 3 }, { price: 5 }], empty: '' };
const context = { request: { method: 'POST', path: '/', url: '/', params: {}, query: {}, headers: {}, cookies: {}, body, bodyText: JSON.stringify(body) } } satisfies TemplateContext;
const engine = createTemplateEngine({ random: createRandom(1), now: () => 0 });
function render(source: string): string {
  const compiled = engine.compile(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value(context);
}

describe('data helpers', () => {
  it('jsonPath gives one value for a definite path and a list otherwise', () => {
    expect(render('{{jsonPath request.body "$.user.name"}}')).toBe('Ada');
    expect(render('{{json (jsonPath request.body "$.items[*].price")}}')).toBe('[3,5]');
    expect(render('{{json (jsonPath request.body "$..price")}}')).toBe('[3,5]');
    expect(render('{{json (jsonPath request.body "$.user.tags")}}')).toBe('["a","b"]');
    expect(render('{{jsonPath request.body "$.user.missing"}}')).toBe('');
  });

  it('jsonPath parses JSON text', () => {
    expect(render('{{jsonPath request.bodyText "$.items[1].price"}}')).toBe('5');
  });

  it('jsonPath fails the render on something it cannot query', () => {
    expect(() => render('{{jsonPath request.path "$.a"}}')).toThrow('helper "jsonPath" failed');
  });

  it('json stringifies, compact or pretty', () => {
    expect(render('{{json request.body.user}}')).toBe('{"name":"Ada","tags":["a","b"]}');
    expect(render('{{json request.body.user.tags pretty=true}}')).toBe('[\n  "a",\n  "b"\n]');
    expect(render('{{json request.body.nothing}}')).toBe('null');
    expect(render('{{json "say \\"hi\\""}}')).toBe('"say \\"hi\\""');
  });

  it('default falls back on undefined, null and the empty string only', () => {
    expect(render('{{default request.body.missing "x"}}|{{default request.body.empty "y"}}|{{default 0 "z"}}')).toBe('x|y|0');
  });

  it('size counts array elements, characters and keys', () => {
    expect(render('{{size request.body.items}} {{size request.body.user.name}} {{size request.body.user}} {{size request.body.missing}}')).toBe('2 3 2 0');
  });

  it('refuses a literal path that is not JSONPath at compile time', () => {
    expect(engine.compile('{{jsonPath request.body "user.name"}}').ok).toBe(false);
    expect(engine.compile('{{json}}').ok).toBe(false);
  });
});
