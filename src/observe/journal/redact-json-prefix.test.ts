import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactJsonPrefix } from './redact-json-prefix.js';

const FIELDS = new Set(['password', 'token']);
const MARK = '"[redacted]"';
const redact = (text: string) => redactJsonPrefix(text, FIELDS, MARK);

// Secrets are the only strings with a '#': no cut of a redacted value may show one.
const plain = fc.string({ maxLength: 12 }).filter((text) => !text.includes('#'));
const secret = fc.string({ maxLength: 12 }).map((text) => `#${text}`);
const scalar = fc.oneof(plain, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const { json } = fc.letrec<{ json: unknown; secretValue: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('json'), { maxLength: 4 }),
    fc
      .array(fc.tuple(fc.oneof(plain, fc.constantFrom('password', 'token', 'pass\\u0077ord')), tie('json'), tie('secretValue')), { maxLength: 4 })
      .map((members) => {
        const object: Record<string, unknown> = {};
        // A named field holds a secret (a string, or a container of them); any other holds plain data.
        for (const [key, value, hidden] of members) object[key] = FIELDS.has(key) || key === 'pass\\u0077ord' ? hidden : value;
        return object;
      }),
  ),
  secretValue: fc.oneof(secret, fc.array(secret, { maxLength: 3 }), fc.dictionary(plain, secret, { maxKeys: 3 })),
}));

/** JSON text whose `pass\u0077ord` keys are written with the escape (JSON.parse reads them as `password`). */
const textOf = (value: unknown, indent: number): string => JSON.stringify(value, undefined, indent).replaceAll('"pass\\\\u0077ord"', '"pass\\u0077ord"');

describe('redactJsonPrefix', () => {
  it('never shows any part of a named field’s value, wherever the text is cut', () => {
    fc.assert(
      fc.property(json, fc.nat(2), fc.nat(), (value, indent, at) => {
        const text = textOf(value, indent);
        const cut = text.slice(0, at % (text.length + 1));
        const shown = redact(cut);
        expect(shown).toBeDefined();
        expect(shown).not.toContain('#');
      }),
      { seed: 13, numRuns: 2_000 },
    );
  });

  it('turns a whole JSON text into JSON that shows no secret', () => {
    fc.assert(
      fc.property(json, (value) => {
        const shown = redact(textOf(value, 0))!;
        expect(shown).not.toContain('#');
        expect(() => JSON.parse(shown) as unknown).not.toThrow();
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it('keeps everything else as written, and redacts a value cut by the end', () => {
    expect(redact('{"user": "ada", "password": "hun')).toBe('{"user": "ada", "password": "[redacted]"');
    expect(redact('{"a":[1,{"token":{"x":["t",')).toBe('{"a":[1,{"token":"[redacted]"');
    expect(redact('{"token":"t","n":{"pass')).toBe('{"token":"[redacted]","n":{"pass');
    expect(redact('{"pass\\u0077ord" : 12, "b": tr')).toBe('{"pass\\u0077ord" : "[redacted]", "b": tr');
    expect(redact('["password", "token"]')).toBe('["password", "token"]');
  });

  it('gives up on text that cannot be the start of JSON', () => {
    for (const text of ['{password: "x"}', '{"a" "b"}', '{"a":1}}', '{"a":1} x', '[1 2]', '{"a":tru e}', '{"a":undefined}', "{'password':1}"]) {
      expect(redact(text), text).toBeUndefined();
    }
  });
});
