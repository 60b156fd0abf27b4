import { describe, expect, it } from 'vitest';
import { didYouMean } from './did-you-mean.js';

describe('didYouMean', () => {
  it('suggests a close candidate', () => {
    expect(didYouMean('respnse', ['id', 'path', 'response', 'variants'])).toBe('response');
    expect(didYouMean('regx', ['equals', 'regex', 'json'])).toBe('regex');
  });

  it('prefers a case-only difference', () => {
    expect(didYouMean('get', ['GET', 'SET'])).toBe('GET');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(didYouMean('FETCH', ['GET', 'PATCH', 'POST'])).toBeUndefined();
    expect(didYouMean('ab', ['id'])).toBeUndefined();
  });
});
