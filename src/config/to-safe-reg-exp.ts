/**
 * V8's RegExp for the patterns where it is provably as fast as linear and means exactly what RE2
 * means; undefined for every other pattern (re2js runs those). V8 is 5–40x faster per test on the
 * short values mocks match (bench/pattern-cost.ts), and the common patterns (`^t-`,
 * `^[0-9]+$`, `^Bearer [A-Za-z0-9._-]+$`, path constraints) fall in this subset:
 *
 * - anchored at the start (`^`), optionally at the end (`$`); no alternation, no `.`;
 * - ASCII literals and classes of ASCII literals, ranges, `\d` and `\w` (negation allowed
 *   without the `i` flag), groups without quantifiers, greedy quantifiers (`* + ? {n,m}`);
 * - every quantifier whose count varies is followed by something it cannot take: its characters
 *   and those that may come right after it are disjoint. Then the match is unique and a
 *   backtracking engine gives back each character at most once, so V8 runs in linear time.
 *
 * Flags (sorted, without `u`): none, or `i` (ASCII letters; V8 runs with `iu`, whose simple case
 * folding is RE2's), each optionally with `s`, which changes nothing here: the subset has no `.`.
 */
export function toSafeRegExp(source: string, flags: string): RegExp | undefined {
  const meaningful = flags.replace('s', '');
  if (meaningful !== '' && meaningful !== 'i') return undefined;
  const parsed = parse(source, meaningful === 'i');
  if (parsed === undefined || !isUnambiguous(parsed.atoms)) return undefined;
  return new RegExp(parsed.source, meaningful === 'i' ? 'iu' : 'u');
}

/** A set of ASCII characters as a 128-bit mask in four 32-bit words. */
type CharSet = [number, number, number, number];

interface Atom {
  readonly chars: CharSet;
  readonly min: number;
  readonly max: number;
}

/** Special outside a class: never a bare literal here. */
const META = new Set([...'\\^$.|?*+()[]{}']);
/** What may follow a backslash as a literal: the specials, `/` and `-`. */
const ESCAPABLE = new Set([...META, '/', '-']);
const DIGITS = range(48, 57);
const WORD = union(union(union(range(48, 57), range(65, 90)), range(97, 122)), range(95, 95));
const MAX_COUNT = 1000;

function parse(source: string, fold: boolean): { atoms: Atom[]; source: string } | undefined {
  if (!source.startsWith('^')) return undefined;
  const atoms: Atom[] = [];
  let out = '^';
  let depth = 0;
  let i = 1;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === '$') {
      if (i !== source.length - 1 || depth !== 0) return undefined;
      out += '$';
      i++;
      continue;
    }
    if (ch === '(') {
      const nonCapturing = source.startsWith('(?:', i);
      if (source[i + 1] === '?' && !nonCapturing) return undefined;
      out += nonCapturing ? '(?:' : '(';
      i += nonCapturing ? 3 : 1;
      depth++;
      continue;
    }
    if (ch === ')') {
      if (depth === 0) return undefined;
      depth--;
      out += ')';
      i++;
      if ('*+?{'.includes(source[i] ?? '')) return undefined; // a quantified group
      continue;
    }
    const atom = parseAtom(source, i, fold);
    if (atom === undefined) return undefined;
    i = atom.end;
    const quantifier = parseQuantifier(source, i);
    if (quantifier === undefined) return undefined;
    i = quantifier.end;
    atoms.push({ chars: atom.chars, min: quantifier.min, max: quantifier.max });
    out += atom.source + quantifier.source;
  }
  return depth === 0 ? { atoms, source: out } : undefined;
}

function parseAtom(source: string, i: number, fold: boolean): { chars: CharSet; source: string; end: number } | undefined {
  const ch = source[i] as string;
  if (ch === '[') return parseClass(source, i, fold);
  if (ch === '\\') {
    const next = source[i + 1] ?? '';
    if (next === 'd') return { chars: DIGITS, source: '\\d', end: i + 2 };
    if (next === 'w' && !fold) return { chars: WORD, source: '\\w', end: i + 2 };
    if (!ESCAPABLE.has(next)) return undefined;
    return { chars: literalSet(next, fold), source: escapeOutside(next), end: i + 2 };
  }
  if (META.has(ch) || ch.charCodeAt(0) > 127 || ch.charCodeAt(0) < 32) return undefined;
  return { chars: literalSet(ch, fold), source: escapeOutside(ch), end: i + 1 };
}

function parseClass(source: string, start: number, fold: boolean): { chars: CharSet; source: string; end: number } | undefined {
  let i = start + 1;
  const negated = source[i] === '^';
  if (negated) {
    if (fold) return undefined;
    i++;
  }
  let chars: CharSet = [0, 0, 0, 0];
  let out = '';
  let members = 0;
  while (i < source.length && source[i] !== ']') {
    const member = parseClassChar(source, i, fold);
    if (member === undefined) return undefined;
    // A bare `-` only first or last, where every dialect reads it as a literal.
    if (source[i] === '-' && members > 0 && source[member.end] !== ']') return undefined;
    i = member.end;
    if (member.set !== undefined) {
      chars = union(chars, member.set);
      out += member.source;
    } else if (source[i] === '-' && source[i + 1] !== ']' && i + 1 < source.length) {
      if (source[i + 1] === '-') return undefined;
      const high = parseClassChar(source, i + 1, fold);
      if (high === undefined || high.code === undefined || high.code < (member.code as number)) return undefined;
      i = high.end;
      chars = union(chars, range(member.code as number, high.code));
      out += `${escapeInClass(member.code as number)}-${escapeInClass(high.code)}`;
    } else {
      chars = union(chars, range(member.code as number, member.code as number));
      out += escapeInClass(member.code as number);
    }
    members++;
  }
  if (source[i] !== ']' || members === 0) return undefined;
  if (fold) chars = foldCase(chars);
  // A negated class also takes every non-ASCII character: outside the mask, but nothing in the
  // subset is non-ASCII, so "the complement within ASCII, plus the rest" compares correctly.
  return { chars: negated ? complement(chars) : chars, source: `[${negated ? '^' : ''}${out}]`, end: i + 1 };
}

/** One class member: a character (code) or a class escape (set). */
function parseClassChar(source: string, i: number, fold: boolean): { code?: number; set?: CharSet; source: string; end: number } | undefined {
  const ch = source[i] as string;
  if (ch === '\\') {
    const next = source[i + 1] ?? '';
    if (next === 'd') return { set: DIGITS, source: '\\d', end: i + 2 };
    if (next === 'w' && !fold) return { set: WORD, source: '\\w', end: i + 2 };
    if (!ESCAPABLE.has(next)) return undefined;
    return { code: next.charCodeAt(0), source: '', end: i + 2 };
  }
  if (ch === '[' || ch.charCodeAt(0) > 127 || ch.charCodeAt(0) < 32) return undefined;
  return { code: ch.charCodeAt(0), source: '', end: i + 1 };
}

function parseQuantifier(source: string, i: number): { min: number; max: number; source: string; end: number } | undefined {
  const ch = source[i];
  let result: { min: number; max: number; source: string; end: number } | undefined;
  if (ch === '*') result = { min: 0, max: Infinity, source: '*', end: i + 1 };
  else if (ch === '+') result = { min: 1, max: Infinity, source: '+', end: i + 1 };
  else if (ch === '?') result = { min: 0, max: 1, source: '?', end: i + 1 };
  else if (ch === '{') {
    const counted = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(source.slice(i, i + 12));
    if (counted === null) return undefined;
    const min = Number(counted[1]);
    const max = counted[2] === undefined ? min : counted[3] === '' ? Infinity : Number(counted[3]);
    if (min > MAX_COUNT || (max !== Infinity && (max > MAX_COUNT || max < min))) return undefined;
    result = { min, max, source: counted[0], end: i + counted[0].length };
  } else return { min: 1, max: 1, source: '', end: i };
  // lazy or possessive forms, and stacked quantifiers, are left to re2js
  return '*+?{'.includes(source[result.end] ?? '') ? undefined : result;
}

/**
 * True when every quantifier whose count varies cannot take what may follow it: the characters
 * of the atoms after it, up to and including the first one that must appear.
 */
function isUnambiguous(atoms: readonly Atom[]): boolean {
  for (let i = 0; i < atoms.length; i++) {
    const atom = atoms[i] as Atom;
    if (atom.min === atom.max) continue;
    let follow: CharSet = [0, 0, 0, 0];
    for (let j = i + 1; j < atoms.length; j++) {
      const next = atoms[j] as Atom;
      follow = union(follow, next.chars);
      if (next.min > 0) break;
    }
    if (intersects(atom.chars, follow)) return false;
  }
  return true;
}

function literalSet(ch: string, fold: boolean): CharSet {
  const code = ch.charCodeAt(0);
  const set = range(code, code);
  return fold ? foldCase(set) : set;
}

/** A literal as V8's `u` mode takes it outside a class (it refuses `\\-`, so `-` stays bare). */
function escapeOutside(ch: string): string {
  return META.has(ch) || ch === '/' ? `\\${ch}` : ch;
}

/** A literal as V8's `u` mode takes it inside a class. */
function escapeInClass(code: number): string {
  const ch = String.fromCharCode(code);
  return '\\]^-['.includes(ch) ? `\\${ch}` : ch;
}

function range(low: number, high: number): CharSet {
  const set: CharSet = [0, 0, 0, 0];
  for (let code = low; code <= high && code < 128; code++) set[code >> 5] = ((set[code >> 5] as number) | (1 << (code & 31))) >>> 0;
  return set;
}

function union(a: CharSet, b: CharSet): CharSet {
  return [(a[0] | b[0]) >>> 0, (a[1] | b[1]) >>> 0, (a[2] | b[2]) >>> 0, (a[3] | b[3]) >>> 0];
}

function complement(a: CharSet): CharSet {
  return [~a[0] >>> 0, ~a[1] >>> 0, ~a[2] >>> 0, ~a[3] >>> 0];
}

function intersects(a: CharSet, b: CharSet): boolean {
  return (a[0] & b[0]) !== 0 || (a[1] & b[1]) !== 0 || (a[2] & b[2]) !== 0 || (a[3] & b[3]) !== 0;
}

/** Adds the other case of every ASCII letter in the set. */
function foldCase(set: CharSet): CharSet {
  let folded = set;
  for (let code = 65; code <= 90; code++) {
    const upper = range(code, code);
    const lower = range(code + 32, code + 32);
    if (intersects(set, upper) || intersects(set, lower)) folded = union(folded, union(upper, lower));
  }
  return folded;
}
