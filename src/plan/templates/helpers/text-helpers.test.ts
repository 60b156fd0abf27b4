import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../distributions/index.js';
import { createTemplateEngine } from '../index.js';
import type { TemplateContext } from '../index.js';

const context = { request: { method: 'GET', path: '/', url: '/', params: { name: 'Zoë' }, query: {}, headers: {}, cookies: {}, body: { n: 5 }, bodyText: '' } } satisfies TemplateContext;
const engine = createTemplateEngine({ random: createRandom(1), now: () => 0 });
function render(source: string): string {
  const compiled = engine.compile(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value(context);
}

describe('text helpers', () => {
  it('changes case', () => {
    expect(render('{{upper request.params.name}} {{lower "ABC"}}')).toBe('ZOË abc');
  });

  it('encodes and decodes base64 as UTF-8', () => {
    expect(render('{{base64 request.params.name}}')).toBe(Buffer.from('Zoë').toString('base64'));
    expect(render('{{base64Decode (base64 request.params.name)}}')).toBe('Zoë');
  });

  it('hashes as lowercase hex', () => {
    expect(render('{{md5 "abc"}}')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(render('{{sha256 "abc"}}')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('stringifies non-text values first', () => {
    expect(render('{{upper request.body}} {{lower request.missing}}|')).toBe('{"N":5} |');
  });
});
