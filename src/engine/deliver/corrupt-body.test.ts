import { describe, expect, it } from 'vitest';
import { createRandom } from '../../distributions/index.js';
import { corruptBody } from './corrupt-body.js';

const random = () => createRandom(42);

describe('corruptBody truncate', () => {
  it('keeps floor(keepFraction × bytes) bytes of a text body, still as a string', () => {
    expect(corruptBody('0123456789', { mode: 'truncate', keepFraction: 0.55 }, random())).toBe('01234');
    expect(corruptBody('abc', { mode: 'truncate', keepFraction: 0 }, random())).toBe('');
    expect(corruptBody('abc', { mode: 'truncate', keepFraction: 1 }, random())).toBe('abc');
  });

  it('counts bytes, not characters, in multi-byte text', () => {
    const body = 'héllo €'; // 10 bytes
    const cut = corruptBody(body, { mode: 'truncate', keepFraction: 0.5 }, random());
    expect(Buffer.isBuffer(cut)).toBe(true);
    expect(cut).toEqual(Buffer.from(body).subarray(0, 5));
  });

  it('cuts a Buffer body at the exact byte', () => {
    const body = Buffer.from([1, 2, 3, 4, 5, 6, 7]);
    expect(corruptBody(body, { mode: 'truncate', keepFraction: 0.5 }, random())).toEqual(Buffer.from([1, 2, 3]));
  });
});

describe('corruptBody replace', () => {
  it('replaces every occurrence in a text body', () => {
    expect(corruptBody('{"a":1,"b":1}', { mode: 'replace', find: '1', with: '"x"' }, random())).toBe('{"a":"x","b":"x"}');
  });

  it('replaces on UTF-8 bytes in a Buffer body, leaving other bytes alone', () => {
    const body = Buffer.concat([Buffer.from('€ and €'), Buffer.from([0xff, 0x00])]);
    const out = corruptBody(body, { mode: 'replace', find: '€', with: 'EUR' }, random());
    expect(out).toEqual(Buffer.concat([Buffer.from('EUR and EUR'), Buffer.from([0xff, 0x00])]));
  });
});

describe('corruptBody garbage', () => {
  it('gives exactly N bytes instead of the body', () => {
    const out = corruptBody('{"ok":true}', { mode: 'garbage', bytes: 13 }, random());
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(out.length).toBe(13);
  });

  it('is the same for the same seed and differs for another', () => {
    const garbage = { mode: 'garbage', bytes: 64 } as const;
    expect(corruptBody('', garbage, createRandom(42))).toEqual(corruptBody('', garbage, createRandom(42)));
    expect(corruptBody('', garbage, createRandom(42))).not.toEqual(corruptBody('', garbage, createRandom(43)));
  });

  it('uses every byte value (not just printable text)', () => {
    const out = corruptBody('', { mode: 'garbage', bytes: 20_000 }, random()) as Buffer;
    expect(new Set(out).size).toBe(256);
  });
});

describe('corruptBody invalid-json', () => {
  const bodies = ['{}', '[]', '"x"', '42', '-0.5e3', 'true', 'null', '{"user":{"id":7,"tags":["a","b"]}}\n', '[1,2,[3]]  ', '"a\\\\"'];
  it.each(bodies)('turns %j into text JSON.parse rejects', (body) => {
    expect(() => JSON.parse(body)).not.toThrow(); // each input is valid JSON
    const broken = corruptBody(body, { mode: 'invalid-json' }, random());
    expect(typeof broken).toBe('string');
    expect(() => JSON.parse(broken as string)).toThrow();
  });

  it('turns an empty body into an unclosed object', () => {
    expect(corruptBody('', { mode: 'invalid-json' }, random())).toBe('{');
  });

  it('stays recognisable: the closing character goes, the rest is untouched', () => {
    expect(corruptBody('{"id":7}', { mode: 'invalid-json' }, random())).toBe('{"id":7');
    expect(corruptBody('[1,2]\n', { mode: 'invalid-json' }, random())).toBe('[1,2\n');
    expect(corruptBody('42', { mode: 'invalid-json' }, random())).toBe('42}');
  });

  it('breaks a Buffer body too', () => {
    const out = corruptBody(Buffer.from('{"name":"Zoë"}'), { mode: 'invalid-json' }, random());
    expect(out).toEqual(Buffer.from('{"name":"Zoë"'));
  });
});
