import { describe, expect, it } from 'vitest';
import { parseDays } from './parse-days.js';

describe('parseDays', () => {
  it('sets one bit per weekday, Monday first', () => {
    expect(parseDays('mon')).toBe(0b000_0001);
    expect(parseDays('sun')).toBe(0b100_0000);
    expect(parseDays('mon-fri')).toBe(0b001_1111);
  });

  it('wraps a range past Sunday, and reads a one-day range as that day', () => {
    expect(parseDays('fri-mon')).toBe(0b111_0001);
    expect(parseDays('sun-mon')).toBe(0b100_0001);
    expect(parseDays('wed-wed')).toBe(0b000_0100);
  });

  it('rejects what is not a day or a range', () => {
    expect(parseDays('monday')).toBeUndefined();
    expect(parseDays('mon-tue-wed')).toBeUndefined();
    expect(parseDays('')).toBeUndefined();
  });
});
