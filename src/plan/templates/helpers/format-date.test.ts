import { describe, expect, it } from 'vitest';
import { applyOffset, formatDate, parseDateFormat, parseOffset } from './format-date.js';

const at = Date.UTC(2024, 0, 5, 7, 8, 9, 45); // Friday 2024-01-05 07:08:09.045 UTC
const format = (pattern: string): string => {
  const parsed = parseDateFormat(pattern);
  if (!parsed.ok) throw new Error(parsed.error);
  return formatDate(at, parsed.value);
};
const offset = (text: string): number => {
  const parsed = parseOffset(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return applyOffset(at, parsed.value);
};

describe('formatDate', () => {
  it('knows the named formats', () => {
    expect(format('iso')).toBe('2024-01-05T07:08:09.045Z');
    expect(format('epoch')).toBe(String(at));
    expect(format('epochSeconds')).toBe(String(Math.floor(at / 1000)));
  });

  it('formats tokens in UTC, with quoted literals', () => {
    expect(format('yyyy-MM-dd HH:mm:ss.SSS')).toBe('2024-01-05 07:08:09.045');
    expect(format("yy/M/d h:m:s a EEE EEEE MMM MMMM 'at' ''X''")).toBe("24/1/5 7:8:9 AM Fri Friday Jan January at 'Z'");
    expect(format("yyyy-MM-dd'T'HH:mm:ssX")).toBe('2024-01-05T07:08:09Z');
  });

  it('refuses unknown letters and unterminated quotes', () => {
    expect(parseDateFormat('YYYY-MM-DD')).toMatchObject({ ok: false, error: expect.stringContaining('unknown date token "YYYY"') });
    expect(parseDateFormat("yyyy 'T")).toMatchObject({ ok: false, error: expect.stringContaining('unterminated quote') });
  });
});

describe('offsets', () => {
  it('adds and subtracts fixed units, compound ones included', () => {
    expect(offset('+1d') - at).toBe(86_400_000);
    expect(offset('-2h30m') - at).toBe(-9_000_000);
    expect(offset('90s') - at).toBe(90_000);
    expect(offset('250ms') - at).toBe(250);
    expect(offset('1w') - at).toBe(604_800_000);
  });

  it('moves calendar months and years', () => {
    expect(new Date(offset('1mo')).toISOString()).toBe('2024-02-05T07:08:09.045Z');
    expect(new Date(offset('-1y')).toISOString()).toBe('2023-01-05T07:08:09.045Z');
  });

  it('refuses anything else', () => {
    for (const text of ['1x', '+', 'd1', '1.5h', '']) expect(parseOffset(text).ok).toBe(false);
  });
});
