import { describe, expect, it } from 'vitest';
import { luaString, wrkScript } from '../bench/wrk-script.js';

describe('wrkScript', () => {
  it('sets the method, the body and the Content-Type header', () => {
    expect(wrkScript({ method: 'POST', body: '{"name":"widget","price":12}', contentType: 'application/json' })).toBe(
      [
        '-- Written by the Mimicus bench harness (bench/wrk-script.ts) for one run.',
        'wrk.method = "POST"',
        'wrk.body = "{\\"name\\":\\"widget\\",\\"price\\":12}"',
        'wrk.headers["Content-Type"] = "application/json"',
        '',
      ].join('\n'),
    );
  });

  it('leaves the body and the Content-Type to wrk when the request has none', () => {
    expect(wrkScript({ method: 'DELETE' })).toBe('-- Written by the Mimicus bench harness (bench/wrk-script.ts) for one run.\nwrk.method = "DELETE"\n');
  });

  it('sets a Content-Type without a body, and a body without a Content-Type', () => {
    expect(wrkScript({ method: 'PUT', contentType: 'text/plain' })).toContain('wrk.headers["Content-Type"] = "text/plain"\n');
    expect(wrkScript({ method: 'PUT', body: 'x' })).not.toContain('Content-Type');
  });
});

describe('luaString', () => {
  it('escapes quotes and backslashes', () => {
    expect(luaString('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"');
  });

  it('escapes newlines, carriage returns and tabs so the literal stays on one line', () => {
    const literal = luaString('a\nb\r\nc\td');
    expect(literal).toBe('"a\\nb\\r\\nc\\td"');
    expect(literal).not.toMatch(/[\n\r\t]/);
  });

  it('writes other control characters as three-digit decimal escapes, so a following digit is not absorbed', () => {
    expect(luaString('\u00001\u001b[0m\u007f')).toBe('"\\0001\\027[0m\\127"');
  });

  it('keeps UTF-8 text and single quotes as they are', () => {
    expect(luaString("naïve 'ö' €")).toBe('"naïve \'ö\' €"');
  });

  it('gives an empty literal for an empty body', () => {
    expect(luaString('')).toBe('""');
  });
});
