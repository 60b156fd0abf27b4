import { describe, expect, it } from 'vitest';
import { compileFilters, LIKE_BUDGET_MS } from './collection-filter.js';

const items = Array.from({ length: 10 }, (_, i) => ({ id: i, name: `item ${i}` }));

describe('compileFilters', () => {
  it('keeps what a _like pattern matches, case-insensitively, in RE2 syntax', () => {
    const compiled = compileFilters({ name_like: '(?:ITEM) [0-2]$' });
    if (!compiled.ok) throw new Error(compiled.problem.message);
    expect(items.filter((item) => compiled.filters.every((keep) => keep(item))).map((item) => item.id)).toEqual([0, 1, 2]);
    expect(compiled.overTime()).toBeUndefined();
  });

  it('stops a _like filter that runs out of time, naming its parameter', () => {
    let clock = 0;
    const now = () => clock;
    const compiled = compileFilters({ name_like: 'item', q: 'item' }, now);
    if (!compiled.ok) throw new Error(compiled.problem.message);
    const kept = items.filter((item) => {
      clock += LIKE_BUDGET_MS / 3; // each test "takes" a third of the budget
      return compiled.filters.every((keep) => keep(item));
    });
    // the budget starts at the first test: four fit in it, the fifth overruns it (and still counts), the rest are not run
    expect(kept.length).toBe(5);
    expect(compiled.overTime()).toBe('name_like');
  });

  it('does not spend the budget on compiling (the first compile after start loads the engine)', () => {
    let clock = 0;
    const compiled = compileFilters({ name_like: 'item' }, () => clock);
    if (!compiled.ok) throw new Error(compiled.problem.message);
    clock += LIKE_BUDGET_MS * 5; // a slow compile, or a loaded machine, between compiling and filtering
    expect(items.filter((item) => compiled.filters.every((keep) => keep(item)))).toHaveLength(10);
    expect(compiled.overTime()).toBeUndefined();
  });

  it('refuses patterns over 256 characters or 200 instructions, and those RE2 cannot run', () => {
    expect(compileFilters({ name_like: 'a'.repeat(257) })).toMatchObject({
      ok: false,
      problem: { parameter: 'name_like', message: expect.stringContaining('at most 256 characters') },
    });
    expect(compileFilters({ name_like: '[a-z]{1000}x' })).toMatchObject({
      ok: false,
      problem: { message: expect.stringContaining('1003 instructions, over the 200 allowed') },
    });
    expect(compileFilters({ name_like: '(a)\\1' })).toMatchObject({ ok: false, problem: { message: expect.stringContaining('backreference') } });
  });
});
