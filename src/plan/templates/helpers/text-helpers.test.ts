import { describe, expect, it } from 'vitest';
import { templateRenderer } from '../template-renderer-for-tests.js';

const render = templateRenderer({ params: { name: 'Zoë' }, body: { n: 5 } });

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
    expect(render('{{upper request.body}} {{lower request.params.missing}}|')).toBe('{"N":5} |');
  });
});
