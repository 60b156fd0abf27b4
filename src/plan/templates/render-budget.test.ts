import { describe, expect, it } from 'vitest';
import { createRandom } from '../../distributions/index.js';
import { createTemplateEngine } from './create-template-engine.js';
import type { TemplateContext, TemplateLimits } from './types.js';

const context: TemplateContext = {
  request: { method: 'GET', path: '/', url: '/', params: {}, query: {}, headers: {}, cookies: {}, body: {}, bodyText: '' },
};

function render(source: string, limits: TemplateLimits): () => string {
  const compiled = createTemplateEngine({ random: createRandom(1), now: () => 0, limits }).compile(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return () => compiled.value(context);
}

describe('template render budget', () => {
  it('charges nested blocks for their output once, not once per level', () => {
    // 4 × 4 × 4 = 64 characters of output through three levels of blocks.
    const nested = render('{{#repeat 4}}{{#repeat 4}}{{#repeat 4}}x{{/repeat}}{{/repeat}}{{/repeat}}', { maxIterations: 1000, maxOutputBytes: 64 });
    expect(nested()).toHaveLength(64);
    const tighter = render('{{#repeat 4}}{{#repeat 4}}{{#repeat 4}}x{{/repeat}}{{/repeat}}{{/repeat}}', { maxIterations: 1000, maxOutputBytes: 63 });
    expect(tighter).toThrow(/more than 63 bytes in one render/);
  });

  it('counts every block call of one render and starts again with the next render', () => {
    // 3 + 3 × 3 = 12 block calls.
    const run = render('{{#repeat 3}}{{#repeat 3}}.{{/repeat}}{{/repeat}}', { maxIterations: 12, maxOutputBytes: 1000 });
    expect(run()).toBe('.........');
    expect(run()).toBe('.........');
    expect(render('{{#repeat 3}}{{#repeat 3}}.{{/repeat}}{{/repeat}}', { maxIterations: 11, maxOutputBytes: 1000 })).toThrow(/more than 11 block iterations/);
  });

  it('measures the final output in UTF-8 bytes', () => {
    expect(render('{{repeat "é" 4}}', { maxIterations: 100, maxOutputBytes: 8 })()).toBe('éééé');
    expect(render('{{repeat "é" 5}}', { maxIterations: 100, maxOutputBytes: 8 })).toThrow(/TEMPLATE_LIMIT_EXCEEDED/);
  });
});
