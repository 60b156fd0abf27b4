import { describe, expect, it } from 'vitest';
import { compileForTests, templateRenderer } from '../template-renderer-for-tests.js';
import { maxRepeat } from './repeat-helper.js';

const render = templateRenderer({ query: { n: '2' } });

describe('repeat helper', () => {
  it('repeats a block with @index, @first and @last, separated so JSON stays valid', () => {
    const out = render('[{{#repeat 3 separator=","}}{"i":{{@index}},"first":{{@first}},"last":{{@last}},"path":"{{request.path}}"}{{/repeat}}]');
    expect(JSON.parse(out)).toEqual([
      { i: 0, first: true, last: false, path: '/' },
      { i: 1, first: false, last: false, path: '/' },
      { i: 2, first: false, last: true, path: '/' },
    ]);
  });

  it('takes its count from the request', () => {
    expect(render('{{#repeat request.query.n}}x{{/repeat}}')).toBe('xx');
  });

  it('draws a count between min and max from the seeded PRNG', () => {
    const lengths = new Set(Array.from({ length: 200 }, () => render('{{#repeat 2 4}}x{{/repeat}}').length));
    expect([...lengths].sort()).toEqual([2, 3, 4]);
  });

  it('renders the else branch for a count of zero', () => {
    expect(render('{{#repeat 0}}x{{else}}none{{/repeat}}')).toBe('none');
  });

  it('repeats text inline', () => {
    expect(render('{{repeat "ab" 3}} {{repeat "ab" 2 separator="-"}}')).toBe('ababab ab-ab');
  });

  it('refuses counts over the limit and bad literal counts', () => {
    expect(() => render(`{{repeat "a" ${maxRepeat + 1}}}`)).toThrow('helper "repeat" failed');
    expect(() => render('{{#repeat -1}}x{{/repeat}}')).toThrow('whole number');
    expect(compileForTests('{{#repeat "many"}}x{{/repeat}}').ok).toBe(false);
    expect(compileForTests('{{repeat "ab"}}').ok).toBe(false);
  });
});
