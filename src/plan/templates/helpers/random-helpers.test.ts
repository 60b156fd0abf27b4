import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../distributions/index.js';
import { createTemplateEngine } from '../index.js';
import type { TemplateContext } from '../index.js';
import { randomUuid } from './random-helpers.js';

const context = {
  request: { method: 'GET', path: '/', url: '/', params: {}, query: {}, headers: {}, cookies: {}, body: { list: ['x', 'y'] }, bodyText: '' },
} satisfies TemplateContext;
function renderer(source: string, seed = 1): () => string {
  const compiled = createTemplateEngine({ random: createRandom(seed), now: () => 0 }).compile(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return () => compiled.value(context);
}
const many = (source: string, times = 500): string[] => Array.from({ length: times }, renderer(source));

describe('random helpers', () => {
  it('uuid gives RFC 4122 version 4 ids that replay from the seed', () => {
    const ids = many('{{uuid}}', 200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(200);
    expect(randomUuid(createRandom(5))).toBe(randomUuid(createRandom(5)));
  });

  it('randomInt stays within both inclusive bounds and reaches them', () => {
    const values = new Set(many('{{randomInt 1 3}}').map(Number));
    expect([...values].sort()).toEqual([1, 2, 3]);
  });

  it('randomInt accepts numeric strings from the request', () => {
    expect(renderer('{{randomInt "5" "5"}}')()).toBe('5');
  });

  it('randomFloat stays within [min, max) and rounds to decimals', () => {
    for (const value of many('{{randomFloat 1.5 2.5 decimals=2}}').map(Number)) {
      expect(value).toBeGreaterThanOrEqual(1.5);
      expect(value).toBeLessThanOrEqual(2.5);
      expect(Math.round(value * 100)).toBeCloseTo(value * 100, 8);
    }
  });

  it('pick chooses among its arguments or the elements of one array', () => {
    expect(new Set(many('{{pick "a" "b"}}'))).toEqual(new Set(['a', 'b']));
    expect(new Set(many('{{pick request.body.list}}'))).toEqual(new Set(['x', 'y']));
  });

  it('refuses bad literal arguments at compile time', () => {
    const engine = createTemplateEngine({ random: createRandom(1), now: () => 0 });
    expect(engine.compile('{{randomInt 5 1}}')).toMatchObject({ ok: false, error: { message: 'helper "randomInt": min is greater than max' } });
    expect(engine.compile('{{randomFloat 1 2 decimals="x"}}')).toMatchObject({ ok: false });
    expect(engine.compile('{{uuid 4}}')).toMatchObject({ ok: false });
    expect(engine.compile('{{pick}}')).toMatchObject({ ok: false });
  });
});
