import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { toSafeRegExp } from './to-safe-reg-exp.js';

describe('toSafeRegExp', () => {
  it('takes the common anchored patterns', () => {
    for (const source of ['^t-', '^[0-9]+$', '^Bearer [A-Za-z0-9._-]+$', '^([0-9]+)$', '^v(?:[0-9]+)\\.json$', '^[a-z0-9-]{1,64}$', '^\\d{4}-\\d{2}-\\d{2}$']) {
      expect(toSafeRegExp(source, ''), source).toBeInstanceOf(RegExp);
    }
    expect(toSafeRegExp('^ham', 'i')?.test('HAM and eggs')).toBe(true);
  });

  it('leaves to re2js what could backtrack or could mean something else', () => {
    const refused = [
      '^(a+)+$', // quantified group
      '^a*a*$', // overlapping neighbours
      '^[0-9]+[0-9a-f]$', // the quantifier could take what follows
      '^\\d*x?\\d$', // ... also past an optional atom
      'abc', // not anchored: V8 would retry at every position
      '^a|b', // alternation
      '^.+$', // dot
      '^a+?$', // lazy
      '^(?<n>a)$', // named group
      '^\\s+$', // \s differs between V8 and RE2
      '^é+$', // non-ASCII
      '^[^a]$', // fine alone, but not with i (tested below with i)
    ];
    for (const source of refused.slice(0, -1)) expect(toSafeRegExp(source, ''), source).toBeUndefined();
    expect(toSafeRegExp('^[^a]$', 'i')).toBeUndefined();
    expect(toSafeRegExp('^\\w+$', 'i')).toBeUndefined();
    expect(toSafeRegExp('^a$', 'm')).toBeUndefined();
    expect(toSafeRegExp('^a$', 'im')).toBeUndefined();
    // dot-all changes nothing where there is no dot (path segments compile with it)
    expect(toSafeRegExp('^[0-9]+$', 's')?.flags).toBe('u');
    expect(toSafeRegExp('^t-', 'is')?.flags).toBe('iu');
  });

  it('answers as re2js does, groups included, on any pattern it takes', () => {
    const atom = fc.constantFrom('a', 'b', 'B', 'k', 's', '1', '-', '/', '\\.', '\\-', '[ab]', '[^a]', '[a-c]', '[0-9_-]', '\\d', '\\w', '[\\d.]', '[-a]');
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,}');
    const piece = fc.tuple(atom, quantifier).map(([a, q]) => a + q);
    const group = fc
      .array(piece, { minLength: 1, maxLength: 3 })
      .chain((pieces) => fc.constantFrom(`(${pieces.join('')})`, `(?:${pieces.join('')})`, pieces.join('')));
    const pattern = fc.tuple(fc.array(group, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([groups, end]) => `^${groups.join('')}${end ? '$' : ''}`);
    const text = fc.string({
      unit: fc.constantFrom('a', 'b', 'A', 'B', 'c', 'k', 's', '1', '2', '-', '/', '.', '_', 'é', '\n', '\r', '\u2028', 'K', 'ſ', '\u212A', '😀'),
      maxLength: 12,
    });
    let taken = 0;
    fc.assert(
      fc.property(pattern, fc.constantFrom('', 'i', 's', 'is'), fc.array(text, { minLength: 1, maxLength: 8 }), (source, flags, texts) => {
        const fast = toSafeRegExp(source, flags);
        if (fast === undefined) return;
        taken++;
        const re2 = RE2JS.compile(source, (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('s') ? RE2JS.DOTALL : 0));
        for (const input of texts) {
          expect(fast.test(input), `${source} /${flags} on ${JSON.stringify(input)}`).toBe(re2.test(input));
          const v8Groups = fast.exec(input)?.slice(1) ?? null;
          const re2Groups = (re2.exec(input) as (string | undefined)[] | null)?.slice(1) ?? null;
          expect(v8Groups, `${source} groups on ${JSON.stringify(input)}`).toEqual(re2Groups);
        }
      }),
      { seed: 42, numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(300); // the property says something about many patterns
  });

  it('runs every pattern it takes in linear time on adversarial text', () => {
    const atom = fc.constantFrom('a', '[ab]', '[^b]', '\\d', '\\w', 'b', '1');
    const piece = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{1,5}')).map(([a, q]) => a + q);
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.boolean(), (pieces, end) => {
        const fast = toSafeRegExp(`^${pieces.join('')}${end ? '$' : ''}`, '');
        if (fast === undefined) return;
        const started = performance.now();
        for (const filler of ['a', 'b', '1', 'ab', 'a1']) fast.test(`${filler.repeat(20_000)}!`);
        expect(performance.now() - started).toBeLessThan(200);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
