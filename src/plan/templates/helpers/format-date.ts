/**
 * A minimal UTC date formatter and offset parser for the date helpers. We do not pull in a date
 * library for a dozen tokens; formats are parsed once and cached by the caller.
 *
 * Formats: "iso" (2024-05-01T12:00:00.000Z), "epoch" (ms), "epochSeconds", or a pattern of tokens
 *   yyyy yy  MMMM MMM MM M  dd d  EEEE EEE  HH H hh h  mm m  ss s  SSS  a (AM/PM)  X (Z)
 *   text in single quotes is literal ('T'), '' is a quote; other letters are refused so a typo
 *   such as YYYY fails at load instead of printing garbage.
 * Offsets: a sign and one or more amounts with a unit: "+1d", "-2h30m", "90s", "1mo", "-1y".
 *   Units ms s m h d w are fixed lengths; mo and y are calendar months and years (UTC).
 */
import { err, ok, type Result } from '../../../config/index.js';

type Token = (date: Date) => string;
export type DateFormat = { kind: 'iso' } | { kind: 'epoch' } | { kind: 'epochSeconds' } | { kind: 'pattern'; tokens: Token[] };

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
const hour12 = (date: Date): number => date.getUTCHours() % 12 || 12;

const tokens: Readonly<Record<string, Token>> = {
  yyyy: (d) => pad(d.getUTCFullYear(), 4),
  yy: (d) => pad(d.getUTCFullYear() % 100),
  MMMM: (d) => months[d.getUTCMonth()]!,
  MMM: (d) => months[d.getUTCMonth()]!.slice(0, 3),
  MM: (d) => pad(d.getUTCMonth() + 1),
  M: (d) => String(d.getUTCMonth() + 1),
  dd: (d) => pad(d.getUTCDate()),
  d: (d) => String(d.getUTCDate()),
  EEEE: (d) => days[d.getUTCDay()]!,
  EEE: (d) => days[d.getUTCDay()]!.slice(0, 3),
  HH: (d) => pad(d.getUTCHours()),
  H: (d) => String(d.getUTCHours()),
  hh: (d) => pad(hour12(d)),
  h: (d) => String(hour12(d)),
  mm: (d) => pad(d.getUTCMinutes()),
  m: (d) => String(d.getUTCMinutes()),
  ss: (d) => pad(d.getUTCSeconds()),
  s: (d) => String(d.getUTCSeconds()),
  SSS: (d) => pad(d.getUTCMilliseconds(), 3),
  a: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  X: () => 'Z',
};
// Longest tokens first so "yyyy" is not read as two "yy".
const tokenPattern = new RegExp(
  `'(?:[^']|'')*'|${Object.keys(tokens)
    .sort((a, b) => b.length - a.length)
    .join('|')}|[A-Za-z]+|[^A-Za-z']+`,
  'g',
);

export function parseDateFormat(text: string): Result<DateFormat, string> {
  if (text === 'iso' || text === 'epoch' || text === 'epochSeconds') return ok({ kind: text });
  if (text.split("'").length % 2 === 0) return err(`unterminated quote in format "${text}"`);
  const parsed: Token[] = [];
  for (const [piece] of text.matchAll(tokenPattern)) {
    const token = tokens[piece];
    if (token) parsed.push(token);
    else if (piece.startsWith("'")) {
      const literal = piece.length === 2 ? "'" : piece.slice(1, -1).replaceAll("''", "'");
      parsed.push(() => literal);
    } else if (/^[A-Za-z]/.test(piece)) return err(`unknown date token "${piece}" in format "${text}" (quote literal text: 'T')`);
    else parsed.push(() => piece);
  }
  return ok({ kind: 'pattern', tokens: parsed });
}

export function formatDate(epochMs: number, format: DateFormat): string {
  switch (format.kind) {
    case 'iso':
      return new Date(epochMs).toISOString();
    case 'epoch':
      return String(epochMs);
    case 'epochSeconds':
      return String(Math.floor(epochMs / 1000));
    case 'pattern': {
      const date = new Date(epochMs);
      let out = '';
      for (const token of format.tokens) out += token(date);
      return out;
    }
  }
}

type Unit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'mo' | 'y';
export interface DateOffset {
  sign: 1 | -1;
  amounts: { value: number; unit: Unit }[];
}

const unitMs: Record<Exclude<Unit, 'mo' | 'y'>, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const offsetShape = /^([+-])?((?:\d+(?:ms|mo|s|m|h|d|w|y))+)$/;

export function parseOffset(text: string): Result<DateOffset, string> {
  const match = offsetShape.exec(text.replaceAll(' ', ''));
  if (!match) return err(`"${text}" is not an offset like "+1d", "-2h30m" or "15m" (units ms s m h d w mo y)`);
  const amounts = [...match[2]!.matchAll(/(\d+)(ms|mo|s|m|h|d|w|y)/g)].map(([, value, unit]) => ({ value: Number(value), unit: unit as Unit }));
  return ok({ sign: match[1] === '-' ? -1 : 1, amounts });
}

export function applyOffset(epochMs: number, offset: DateOffset): number {
  const date = new Date(epochMs);
  for (const { value, unit } of offset.amounts) {
    const amount = offset.sign * value;
    if (unit === 'mo') date.setUTCMonth(date.getUTCMonth() + amount);
    else if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + amount);
    else date.setTime(date.getTime() + amount * unitMs[unit]);
  }
  return date.getTime();
}
