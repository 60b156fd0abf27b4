import { describe, expect, it } from 'vitest';
import { compileForTests, templateRenderer } from '../template-renderer-for-tests.js';

const now = Date.UTC(2024, 4, 1, 12, 0, 0);
const render = templateRenderer({ query: { from: '2024-02-28T10:00:00Z' } }, { now });

describe('date helpers', () => {
  it('now reads the injected clock, as ISO by default', () => {
    expect(render('{{now}}')).toBe('2024-05-01T12:00:00.000Z');
    expect(render('{{now format="epoch"}}')).toBe(String(now));
    expect(render('{{now format="yyyy-MM-dd HH:mm:ss" offset="-90m"}}')).toBe('2024-05-01 10:30:00');
  });

  it('date parses ISO strings, epoch numbers and digits, then shifts and formats', () => {
    expect(render('{{date request.query.from format="yyyy-MM-dd" offset="+1d"}}')).toBe('2024-02-29');
    expect(render(`{{date ${now} format="epochSeconds"}}`)).toBe(String(now / 1000));
    expect(render(`{{date "${now}"}}`)).toBe('2024-05-01T12:00:00.000Z');
  });

  it('dateAdd takes the offset as an argument and nests', () => {
    expect(render('{{dateAdd request.query.from "3d"}}')).toBe('2024-03-02T10:00:00.000Z');
    expect(render('{{date (dateAdd (now) "-1w") format="dd.MM."}}')).toBe('24.04.');
  });

  it('fails the render, naming the helper, on a value that is not a date', () => {
    expect(() => render('{{date request.query.missing}}')).toThrow('helper "date" failed: nothing is not a date');
  });

  it('refuses bad literal formats and offsets at compile time', () => {
    expect(compileForTests('{{now offset="tomorrow"}}').ok).toBe(false);
    expect(compileForTests('{{dateAdd (now) "1 day"}}').ok).toBe(false);
    expect(compileForTests('{{date (now) format="DD"}}').ok).toBe(false);
    expect(compileForTests('{{now "x"}}').ok).toBe(false);
  });
});
