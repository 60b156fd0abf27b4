import { describe, expect, it } from 'vitest';
import { compileForTests, templateRenderer } from '../template-renderer-for-tests.js';

const body = { user: { name: 'Ada', tags: ['a', 'b'] }, items: [{ price: 3 }, { price: 5 }], empty: '' };
const render = templateRenderer({ method: 'POST', body, bodyText: JSON.stringify(body) });

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
    expect(compileForTests('{{jsonPath request.body "user.name"}}').ok).toBe(false);
    expect(compileForTests('{{json}}').ok).toBe(false);
  });
});
