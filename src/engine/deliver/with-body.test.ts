import { describe, expect, it } from 'vitest';
import { withBody } from './with-body.js';

describe('withBody', () => {
  const response = { status: 200, headers: ['content-type', 'application/json', 'content-length', '11', 'x-a', 'b'], body: '{"ok":true}' };

  it('replaces the body and makes content-length its byte length, other headers kept in order', () => {
    expect(withBody(response, '{"ok"')).toEqual({
      status: 200,
      headers: ['content-type', 'application/json', 'content-length', '5', 'x-a', 'b'],
      body: '{"ok"',
    });
    expect(withBody(response, 'é€').headers[3]).toBe('5');
    expect(withBody(response, Buffer.alloc(3)).headers[3]).toBe('3');
  });

  it('leaves the original response as it was (prepared responses are shared)', () => {
    withBody(response, '');
    expect(response.headers[3]).toBe('11');
    expect(response.body).toBe('{"ok":true}');
  });

  it('adds content-length when there was none', () => {
    expect(withBody({ status: 500, headers: [], body: '' }, 'abc').headers).toEqual(['content-length', '3']);
  });
});
