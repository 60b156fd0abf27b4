import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../distributions/index.js';
import { createTemplateEngine } from '../index.js';
import type { TemplateContext } from '../index.js';

const context = { request: { method: 'GET', path: '/', url: '/', params: { id: '42' }, query: { tier: 'gold' }, headers: {}, cookies: {}, body: { list: [] }, bodyText: '' } } satisfies TemplateContext;
const engine = createTemplateEngine({ random: createRandom(1), now: () => 0 });
function render(source: string): string {
  const compiled = engine.compile(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value(context);
}
const truth = (expression: string): string => render(`{{#if ${expression}}}T{{else}}F{{/if}}`);

describe('logic helpers', () => {
  it('eq and ne compare request text with numbers as numbers', () => {
    expect(truth('(eq request.params.id 42)')).toBe('T');
    expect(truth('(eq request.params.id "42")')).toBe('T');
    expect(truth('(ne request.query.tier "gold")')).toBe('F');
    expect(truth('(eq request.missing "")')).toBe('F');
    expect(truth('(eq true "true")')).toBe('F');
  });

  it('orders numbers numerically and other text lexically', () => {
    expect(truth('(gt request.params.id 9)')).toBe('T');
    expect(truth('(lt "10" "9")')).toBe('F');
    expect(truth('(lt "apple" "banana")')).toBe('T');
    expect(render('{{gte 2 2}} {{lte 3 2}}')).toBe('true false');
  });

  it('and, or and not follow Handlebars truthiness', () => {
    expect(truth('(and (eq request.params.id 42) (eq request.query.tier "gold"))')).toBe('T');
    expect(truth('(or request.body.list 0 "")')).toBe('F');
    expect(truth('(not request.body.list)')).toBe('T');
  });

  it('refuses a wrong number of literal arguments at compile time', () => {
    expect(engine.compile('{{#if (gt 1)}}{{/if}}').ok).toBe(false);
    expect(engine.compile('{{#if (and)}}{{/if}}').ok).toBe(false);
  });
});
