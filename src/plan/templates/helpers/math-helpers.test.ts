import { describe, expect, it } from 'vitest';
import { compileForTests, templateRenderer } from '../template-renderer-for-tests.js';

const render = templateRenderer({ query: { n: '4' }, body: { prices: [1, 2, 6] } });

describe('math helper', () => {
  it('does binary arithmetic, numeric strings included', () => {
    expect(render('{{math "add" request.query.n 1}} {{math "sub" 1 3}} {{math "mul" 2 2.5}} {{math "div" 7 2}} {{math "mod" 7 3}}')).toBe('5 -2 5 3.5 1');
  });

  it('aggregates over arguments or one array', () => {
    expect(render('{{math "sum" 1 2 3}} {{math "avg" request.body.prices}} {{math "min" request.body.prices}} {{math "max" 1 9 4}}')).toBe('6 3 1 9');
  });

  it('rounds, floors, ceils and takes absolute values', () => {
    expect(render('{{math "round" 2.345 2}} {{math "round" 2.5}} {{math "floor" -1.5}} {{math "ceil" 1.1}} {{math "abs" -3}}')).toBe('2.35 3 -2 2 3');
  });

  it('fails the render on bad operands and division by zero', () => {
    expect(() => render('{{math "div" 1 0}}')).toThrow('helper "math" failed: division by zero');
    expect(() => render('{{math "add" "x" 1}}')).toThrow('operand 1 must be a number, got "x"');
    expect(() => render('{{math "add" 1 2 3}}')).toThrow('expects 2 operands, got 3');
  });

  it('refuses an unknown literal operation at compile time', () => {
    expect(compileForTests('{{math "pow" 2 3}}')).toMatchObject({ ok: false, error: { message: expect.stringContaining('unknown operation "pow"') } });
  });
});
