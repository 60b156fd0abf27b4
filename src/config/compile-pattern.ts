import { RE2JS } from 're2js';
import type { Result } from './result.js';
import { toSafeRegExp } from './to-safe-reg-exp.js';

/**
 * A regular expression written in a config or sent by a client, compiled to run in time linear
 * in its input (RE2 semantics, by re2js): no pattern and no input can make matching backtrack.
 */
export interface Pattern {
  readonly source: string;
  /** True when the pattern matches somewhere in `text` (anchor it with `^…$` for the whole text). */
  test(text: string): boolean;
  /** The groups (1..n) of the first match, undefined for one that took no part; null when no match. */
  groups(text: string): (string | undefined)[] | null;
}

export interface PatternOptions {
  /** JavaScript-style flags: `i` case-insensitive, `m` multi-line, `s` dot matches newline; `u` is always on. */
  flags?: string;
  /** Longer patterns are refused: a client's filter needs few, and a bound keeps compiling cheap. */
  maxChars?: number;
  /**
   * Patterns that compile to more instructions are refused. Matching is linear in the input but
   * also in the program: `[a-z]{1000}` is 15 characters and 1,003 instructions, and costs 200+ ns
   * per character of input until re2js's DFA has warmed up.
   */
  maxProgramSize?: number;
}

/** What a config pattern may hold: longer than anyone writes by hand, short enough to compile fast. */
const MAX_CONFIG_PATTERN_CHARS = 4096;
/**
 * Instructions a config pattern may compile to: `^[a-z0-9-]{1,64}$` is 131, a UUID pattern 40.
 * When a pattern defeats re2js's DFA, matching costs ~100 ns per instruction per character.
 */
const MAX_CONFIG_PROGRAM_SIZE = 1000;

/**
 * Constructs that a backtracking engine needs and RE2 refuses, named so the message says what to
 * change instead of re2js's parser wording ("invalid named capture" for a lookbehind).
 */
const UNSUPPORTED: readonly { test: RegExp; feature: string }[] = [
  { test: /^\(\?=/, feature: 'lookahead "(?="' },
  { test: /^\(\?!/, feature: 'negative lookahead "(?!"' },
  { test: /^\(\?<=/, feature: 'lookbehind "(?<="' },
  { test: /^\(\?<!/, feature: 'negative lookbehind "(?<!"' },
  { test: /^\(\?>/, feature: 'atomic group "(?>"' },
  { test: /^\\[1-9]/, feature: 'backreference "\\1"' },
  { test: /^\\k</, feature: 'named backreference "\\k<…>"' },
  { test: /^[*+?}][+]/, feature: 'possessive quantifier' },
];

const FLAG_BITS: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0,
};

/**
 * Compiled config patterns by flags and source. An imported OpenAPI document repeats the same
 * `Prefer: code=…` pattern on hundreds of endpoints, and each is compiled by the semantic check,
 * then again by the plan (re2js compiles took a fifth of `mimicus serve` of a 1,000-endpoint
 * document). A Pattern holds no state (no `g` flag, no lastIndex), so one object serves them all.
 * Bounded, oldest out first, and only small programs: with the DFA states it builds while
 * matching, a 24-instruction pattern holds ~10 KB and a 1,000-instruction one ~0.5 MB, which a
 * replaced config must not leave behind.
 */
const compiled = new Map<string, Result<Pattern, string>>();
const MAX_REMEMBERED = 512;
const MAX_REMEMBERED_PROGRAM_SIZE = 64;

/**
 * Compiles a pattern in RE2 syntax (https://github.com/google/re2/wiki/Syntax), also taking the
 * JavaScript escapes `\uXXXX` and `\u{…}` and `(?<name>…)` groups, so most patterns written for
 * JavaScript keep working. Backreferences and lookaround are refused with the feature named:
 * they are what makes a regex engine backtrack.
 */
export function compilePattern(source: string, options: PatternOptions = {}): Result<Pattern, string> {
  // Only config patterns (default limits) are remembered: a client's filter patterns are its own.
  if (options.maxChars !== undefined || options.maxProgramSize !== undefined) return compileUncached(source, options).result;
  const key = `${options.flags ?? ''}\u0000${source}`;
  const known = compiled.get(key);
  if (known !== undefined) return known;
  const { result, programSize } = compileUncached(source, options);
  if (programSize <= MAX_REMEMBERED_PROGRAM_SIZE) {
    if (compiled.size >= MAX_REMEMBERED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, result);
  }
  return result;
}

/** The pattern, and its program's size (0 when refused) for the cache to judge. */
function compileUncached(source: string, options: PatternOptions): { result: Result<Pattern, string>; programSize: number } {
  const refused = (error: string) => ({ result: { ok: false as const, error }, programSize: 0 });
  const maxChars = options.maxChars ?? MAX_CONFIG_PATTERN_CHARS;
  if (source.length > maxChars) return refused(`a pattern may have at most ${maxChars} characters (this one has ${source.length})`);
  let bits = 0;
  for (const flag of options.flags ?? '') {
    const bit = FLAG_BITS[flag];
    if (bit === undefined) return refused(`unknown regex flag "${flag}" (use i, m, s, u)`);
    bits |= bit;
  }
  const unsupported = findUnsupported(source);
  if (unsupported !== undefined) {
    return refused(`${unsupported} is not supported: patterns use RE2 syntax, which matches in linear time (no lookaround, no backreferences)`);
  }
  let program: RE2JS;
  try {
    program = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (error) {
    return refused(((error as Error).message || 'invalid pattern').replace(/^error parsing regexp: /, ''));
  }
  const programSize = program.programSize();
  const maxProgramSize = options.maxProgramSize ?? MAX_CONFIG_PROGRAM_SIZE;
  if (programSize > maxProgramSize) {
    return refused(
      `the pattern compiles to ${programSize} instructions, over the ${maxProgramSize} allowed (each costs time per character matched): write large counted repetitions like {1000} with + or *`,
    );
  }
  // RE2 has judged the pattern (syntax, size); V8 may run it where that is provably the same.
  const fast = toSafeRegExp(
    source,
    [...new Set(options.flags ?? '')]
      .filter((flag) => flag !== 'u')
      .sort()
      .join(''),
  );
  // Both engines answer `exec` alike (null, or the match with its groups); V8's is faster.
  const engine: { exec(text: string): (string | undefined)[] | null } = fast ?? program;
  return {
    programSize,
    result: {
      ok: true,
      value: {
        source,
        test: fast !== undefined ? (text) => fast.test(text) : (text) => program.test(text),
        groups(text) {
          const found = engine.exec(text);
          return found === null ? null : found.slice(1);
        },
      },
    },
  };
}

/** The first construct RE2 cannot run, outside character classes; undefined when there is none. */
function findUnsupported(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (inClass) {
      if (ch === '\\') i++;
      else if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      continue;
    }
    if (ch !== '(' && ch !== '\\' && ch !== '*' && ch !== '+' && ch !== '?' && ch !== '}') continue;
    const rest = source.slice(i, i + 4);
    const found = UNSUPPORTED.find(({ test }) => test.test(rest));
    if (found !== undefined) return found.feature;
    if (ch === '\\') i++; // an escaped character is a literal: `\(?=` is not a lookahead
  }
  return undefined;
}
