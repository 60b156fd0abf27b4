import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { toCompileError } from './compile-error.js';

const errorFor = (source: string) => {
  try {
    Handlebars.parse(source);
  } catch (error) {
    return toCompileError(error, source, ['faker', 'uuid']);
  }
  throw new Error('parsed');
};

describe('toCompileError', () => {
  it('places a parse error deep in a long line, where the excerpt is truncated', () => {
    const source = `{\n  "description": "${'x'.repeat(60)}", "id": {{ uuid ) }}\n}`;
    expect(errorFor(source)).toMatchObject({ line: 2, column: source.split('\n')[1]!.indexOf(')') + 1 });
  });

  it('places a parse error at the start of a line', () => {
    expect(errorFor('a\n{{/x}}')).toMatchObject({ line: 2, column: 1 });
  });

  it('keeps Handlebars exceptions positions, 1-based', () => {
    expect(errorFor('{{#a}}\n {{/b}}')).toEqual({ message: "a doesn't match b", line: 1, column: 4 });
  });

  it('passes other errors through without a place', () => {
    expect(toCompileError(new Error('odd'), '', [])).toEqual({ message: 'odd' });
  });
});
