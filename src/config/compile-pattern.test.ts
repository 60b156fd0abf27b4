import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern } from './compile-pattern.js';

const compiled = (source: string, flags?: string) => {
  const result = compilePattern(source, flags === undefined ? {} : { flags });
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

describe('compilePattern', () => {
  it('compiles a repeated config pattern once, per flags, and never remembers a large program or a client pattern', () => {
    expect(compiled('(^|[,;\\s])code="?500"?($|[,;\\s])')).toBe(compiled('(^|[,;\\s])code="?500"?($|[,;\\s])'));
    expect(compiled('^t-', 'i')).not.toBe(compiled('^t-'));
    expect(compiled('(a|b)[a-z]{100}')).not.toBe(compiled('(a|b)[a-z]{100}'));
    const client = () => compilePattern('(a|b)c', { maxChars: 64 });
    expect(client()).not.toBe(client());
  });

  it('matches a catastrophic backtracking pattern in linear time', () => {
    // V8 takes seconds on 29 characters and doubles per character; RE2 answers at once.
    const pattern = compiled('^(a+)+$');
    const started = performance.now();
    expect(pattern.test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(pattern.test('a'.repeat(100_000))).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('names the feature RE2 cannot run', () => {
    const cases: [string, string][] = [
      ['(a)\\1', 'backreference'],
      ['(?<n>a)\\k<n>', 'named backreference'],
      ['a(?=b)', 'lookahead'],
      ['a(?!b)', 'negative lookahead'],
      ['(?<=a)b', 'lookbehind'],
      ['(?<!a)b', 'negative lookbehind'],
      ['(?>a)', 'atomic group'],
      ['a++', 'possessive quantifier'],
    ];
    for (const [source, feature] of cases) {
      const result = compilePattern(source);
      expect(result.ok, source).toBe(false);
      if (!result.ok) expect(result.error, source).toContain(`${feature}`);
    }
  });

  it('reads escaped and bracketed look-alikes as literals', () => {
    expect(compiled('\\(?=x').test('(=x')).toBe(true);
    expect(compiled('[(?=]+').test('?')).toBe(true);
    expect(compiled('\\\\1').test('\\1')).toBe(true);
  });

  it('takes RE2 syntax and the JavaScript escapes people paste', () => {
    expect(compiled('(?i)^abc$').test('ABC')).toBe(true);
    expect(compiled('^[[:digit:]]+$').test('123')).toBe(true);
    expect(compiled('^\\pL+$').test('héllo')).toBe(true);
    expect(compiled('^\\u0041$').test('A')).toBe(true);
    expect(compiled('^(?<year>\\d{4})-(?P<month>\\d\\d)$').groups('2026-12')).toEqual(['2026', '12']);
  });

  it('applies the i, m and s flags and ignores u', () => {
    expect(compiled('^abc$', 'i').test('ABC')).toBe(true);
    expect(compiled('^b$', 'm').test('a\nb')).toBe(true);
    expect(compiled('^a.b$', 's').test('a\nb')).toBe(true);
    expect(compiled('^a.b$').test('a\nb')).toBe(false);
    expect(compiled('^é$', 'u').test('é')).toBe(true);
    expect(compilePattern('a', { flags: 'g' })).toEqual({ ok: false, error: 'unknown regex flag "g" (use i, m, s, u)' });
  });

  it('gives the groups of the first match, undefined for a group that took no part', () => {
    expect(compiled('(a)|(b)').groups('xb')).toEqual([undefined, 'b']);
    expect(compiled('^(.+?)\\.(.+?)$').groups('a.tar.gz')).toEqual(['a', 'tar.gz']);
    expect(compiled('x').groups('y')).toBeNull();
  });

  it('refuses a pattern longer than the cap', () => {
    expect(compilePattern('a'.repeat(257), { maxChars: 256 })).toEqual({
      ok: false,
      error: 'a pattern may have at most 256 characters (this one has 257)',
    });
    expect(compilePattern('a'.repeat(256), { maxChars: 256 }).ok).toBe(true);
  });

  it('refuses a pattern that compiles to more instructions than allowed', () => {
    expect(compilePattern('[a-z]{1000}x').ok).toBe(false);
    expect(compilePattern('[a-z]{100}x', { maxProgramSize: 50 })).toEqual({
      ok: false,
      error:
        'the pattern compiles to 103 instructions, over the 50 allowed (each costs time per character matched): write large counted repetitions like {1000} with + or *',
    });
    expect(compilePattern('^[a-z0-9-]{1,64}$').ok).toBe(true);
  });

  it('never throws, and any pattern it accepts matches any text quickly', () => {
    const alphabet = fc.constantFrom(...'a()[]{}|*+?.^$\\-,:=!<>P0123456789dws'.split(''));
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 24 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '-', '1', '\n'), maxLength: 2000 }),
        (source, text) => {
          const result = compilePattern(source);
          if (!result.ok) return;
          const started = performance.now();
          result.value.test(text);
          result.value.groups(text);
          expect(performance.now() - started).toBeLessThan(250);
        },
      ),
      { seed: 1337, numRuns: 400 },
    );
  });
});
