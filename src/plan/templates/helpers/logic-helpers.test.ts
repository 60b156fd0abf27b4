import { describe, expect, it } from 'vitest';
import { compileForTests, templateRenderer } from '../template-renderer-for-tests.js';

const render = templateRenderer({ params: { id: '42' }, query: { tier: 'gold' }, body: { list: [] } });
const truth = (expression: string): string => render(`{{#if ${expression}}}T{{else}}F{{/if}}`);

describe('logic helpers', () => {
  it('eq and ne compare request text with numbers as numbers', () => {
    expect(truth('(eq request.params.id 42)')).toBe('T');
    expect(truth('(eq request.params.id "42")')).toBe('T');
    expect(truth('(ne request.query.tier "gold")')).toBe('F');
    expect(truth('(eq request.params.missing "")')).toBe('F');
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
    expect(compileForTests('{{#if (gt 1)}}{{/if}}').ok).toBe(false);
    expect(compileForTests('{{#if (and)}}{{/if}}').ok).toBe(false);
  });
});
