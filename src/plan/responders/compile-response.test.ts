import { describe, expect, it } from 'vitest';
import { compileResponse, type ResponseCompileContext } from './compile-response.js';
import { inferContentType } from './content-type.js';

const context = (overrides: Partial<ResponseCompileContext> = {}): ResponseCompileContext => ({
  defaultHeaders: undefined,
  readBodyFile: async (path) => (path === 'there.json' ? { ok: true, value: Buffer.from('{"a":1}') } : { ok: false, error: `cannot read body file "${path}"` }),
  compileTemplate: (source) =>
    source.includes('{{bad')
      ? { ok: false, error: { message: 'Parse error', line: 1, column: 2 } }
      : { ok: true, value: Object.assign(() => source.toUpperCase(), { usesState: false, stateReads: [], workflowReads: [], stateIncrements: [] }) },
  ...overrides,
});

describe('compileResponse', () => {
  it('prepares a static response once: headers flattened, content-length and type added', async () => {
    const result = await compileResponse({ status: 201, headers: { 'X-A': ['1', '2'] }, body: 'hi' }, 'endpoints[0].response', context());
    expect(result).toEqual({
      ok: true,
      value: {
        type: 'static',
        response: {
          status: 201,
          headers: ['x-a', '1', 'x-a', '2', 'content-type', 'text/plain; charset=utf-8', 'content-length', '2'],
          body: 'hi',
        },
      },
    });
  });

  it('lets response headers replace default headers case-insensitively', async () => {
    const result = await compileResponse(
      { headers: { 'Content-Type': 'text/csv' }, body: 'a,b' },
      'r',
      context({ defaultHeaders: { 'content-type': 'application/json', 'x-env': 'mock' } }),
    );
    expect(result.ok && result.value.type === 'static' && result.value.response.headers).toEqual([
      'content-type',
      'text/csv',
      'x-env',
      'mock',
      'content-length',
      '3',
    ]);
  });

  it('drops a configured content-length in favour of the real one', async () => {
    const result = await compileResponse({ headers: { 'content-length': '999' }, body: 'abc' }, 'r', context());
    expect(result.ok && result.value.type === 'static' && result.value.response.headers).toContain('3');
    expect(result.ok && result.value.type === 'static' && result.value.response.headers).not.toContain('999');
  });

  it('reads bodyFile through the context and reports a missing file at its path', async () => {
    const found = await compileResponse({ bodyFile: 'there.json' }, 'r', context());
    expect(found.ok && found.value.type === 'static' && found.value.response.body.toString()).toBe('{"a":1}');
    const missing = await compileResponse({ bodyFile: 'gone.json' }, 'endpoints[2].response', context());
    expect(missing).toEqual({ ok: false, error: [{ path: 'endpoints[2].response.bodyFile', message: 'cannot read body file "gone.json"' }] });
  });

  it('keeps text bodies as strings and bytes that are not UTF-8 as a Buffer', async () => {
    const binary = Buffer.from([0xff, 0xd8, 0xff, 0x00]);
    const result = await compileResponse({ bodyFile: 'image.jpg' }, 'r', context({ readBodyFile: async () => ({ ok: true, value: binary }) }));
    const response = result.ok && result.value.type === 'static' ? result.value.response : undefined;
    expect(Buffer.isBuffer(response?.body)).toBe(true);
    expect(response?.headers).toContain('4');
    const text = await compileResponse({ body: 'héllo' }, 'r', context());
    expect(text.ok && text.value.type === 'static' && text.value.response.body).toBe('héllo');
  });

  it('compiles templated body and header values, and reports template errors with their line', async () => {
    const ok = await compileResponse({ template: true, headers: { 'x-id': '{{id}}', 'x-fixed': 'f' }, body: 'b {{x}}' }, 'r', context());
    expect(ok.ok && ok.value.type).toBe('template');
    const bad = await compileResponse({ template: true, body: '{{bad' }, 'endpoints[1].response', context());
    expect(bad).toEqual({
      ok: false,
      error: [{ path: 'endpoints[1].response.body', message: 'template does not compile: Parse error (template line 1, column 2)' }],
    });
  });
});

describe('inferContentType', () => {
  it('recognises JSON objects and arrays, and nothing else', () => {
    expect(inferContentType('{"a":1}', false)).toBe('application/json');
    expect(inferContentType(' [1,2]', false)).toBe('application/json');
    expect(inferContentType('{not json', false)).toBe('text/plain; charset=utf-8');
    expect(inferContentType('hello', false)).toBe('text/plain; charset=utf-8');
    expect(inferContentType('"a string"', true)).toBe('application/json');
  });
});
