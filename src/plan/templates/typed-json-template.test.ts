import { describe, expect, it } from 'vitest';
import { templateRenderer } from './template-renderer-for-tests.js';
import { typedJsonTemplate } from './typed-json-template.js';

const render = templateRenderer({ params: { id: '42', zip: '01234', name: 'Ada "A" Lovelace' }, body: { cart: { items: ['saw'] }, ok: true } });
const renderJson = (json: unknown): unknown => JSON.parse(render(typedJsonTemplate(json)));

describe('typed values in json: templates', () => {
  it('renders a leaf that is one expression as a value of its own type', () => {
    expect(renderJson({ id: '{{request.params.id}}', ok: '{{request.body.ok}}', cart: '{{request.body.cart}}', none: '{{request.params.missing}}' })).toEqual({
      id: 42,
      ok: true,
      cart: { items: ['saw'] },
      none: null,
    });
  });

  it('keeps text that is not JSON as a string, escaped', () => {
    expect(renderJson({ name: '{{request.params.name}}', zip: '{{request.params.zip}}' })).toEqual({ name: 'Ada "A" Lovelace', zip: '01234' });
  });

  it('forces a string with {{json …}}, and leaves mixed text as text', () => {
    expect(renderJson({ id: '{{json request.params.id}}', label: 'user {{request.params.id}}' })).toEqual({ id: '42', label: 'user 42' });
  });

  it('calls helpers with and without arguments', () => {
    const out = renderJson({ n: '{{randomInt 5 5}}', u: '{{uuid}}', list: ['{{math "add" 1 2}}', 'x'] }) as { n: number; u: string; list: unknown[] };
    expect(out.n).toBe(5);
    expect(out.u).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.list).toEqual([3, 'x']);
  });

  it('leaves blocks and triple-stashes as text', () => {
    expect(typedJsonTemplate({ a: '{{#if x}}y{{/if}}', b: '{{{request.path}}}' })).toBe('{"a":"{{#if x}}y{{/if}}","b":"{{{request.path}}}"}');
  });
});
