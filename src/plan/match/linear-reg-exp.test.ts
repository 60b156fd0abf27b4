import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { linearRegExp } from './linear-reg-exp.js';

describe('linearRegExp', () => {
  it('keeps each pattern apart in one Ajv instance (Ajv caches regexes by their text)', () => {
    const ajv = new Ajv({ code: { regExp: linearRegExp } });
    const letters = ajv.compile({ type: 'string', pattern: '^[a-z]+$' });
    const digits = ajv.compile({ type: 'string', pattern: '^[0-9]+$' });
    expect(letters('abc')).toBe(true);
    expect(letters('123')).toBe(false);
    expect(digits('123')).toBe(true);
    expect(digits('abc')).toBe(false);
  });
});
