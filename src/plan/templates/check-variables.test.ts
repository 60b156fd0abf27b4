import { describe, expect, it } from 'vitest';
import { compileForTests, templateRenderer } from './template-renderer-for-tests.js';

const problem = (source: string) => {
  const result = compileForTests(source);
  if (result.ok) throw new Error(`compiled: ${source}`);
  return result.error;
};

describe('unknown variables and helpers in templates', () => {
  it('refuses a bare name that is neither a helper nor a variable, suggesting the helper', () => {
    expect(problem('{"id":"{{uuidd}}"}')).toEqual({ message: 'unknown helper or variable "uuidd" (did you mean "uuid"?)', line: 1, column: 10 });
  });

  it('refuses a misspelled root with the corrected path', () => {
    expect(problem('id={{requst.params.id}}').message).toBe('unknown variable "requst.params.id" (did you mean "request.params.id"?)');
  });

  it('refuses a part of the request that does not exist, naming those that do', () => {
    const { message, line, column } = problem('a\n  {{request.parms.id}}');
    expect(message).toContain('unknown variable "request.parms.id"');
    expect(message).toContain('did you mean "request.params.id"?');
    expect({ line, column }).toEqual({ line: 2, column: 5 });
  });

  it('checks arguments of helpers and subexpressions, and sections over paths', () => {
    expect(problem('{{upper reqest.path}}').message).toContain('did you mean "request.path"');
    expect(problem('{{json (default requestt.query.page "1")}}').message).toContain('"requestt.query.page"');
    expect(problem('{{#if (eq request.params.id "1")}}{{requst.path}}{{/if}}').message).toContain('"requst.path"');
    expect(problem('{{#requst.body.items}}x{{/requst.body.items}}').message).toContain('"requst.body.items"');
  });

  it('accepts what a template may legitimately read', () => {
    const render = templateRenderer({ params: { id: '7' }, body: { items: [{ sku: 'a' }, { sku: 'b' }] } });
    expect(render('{{request.params.id}} {{request.params.unknownKeyIsFine}}|{{uuid}}').startsWith('7 |')).toBe(true);
    expect(render('{{#each request.body.items}}{{sku}}{{@index}}{{../request.params.id}}{{/each}}')).toBe('a07b17');
    expect(render('{{#each request.body.items as |item|}}{{item.sku}}{{/each}}')).toBe('ab');
    expect(render('{{#with request.body}}{{items.length}}{{/with}}')).toBe('2');
    expect(render('{{@root.request.params.id}} {{this.request.params.id}}')).toBe('7 7');
    expect(render('{{#if request.params.id}}{{request.method}}{{else}}none{{/if}}')).toBe('GET');
  });
});
