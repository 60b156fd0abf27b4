import { createRandom } from '../../distributions/index.js';
import { createTemplateEngine } from './create-template-engine.js';
import type { TemplateContext } from './types.js';

type RequestFields = Partial<TemplateContext['request']>;

/**
 * For tests: a function that compiles a template with a fresh seeded engine and renders it against
 * a request made of `fields` (GET / with nothing else by default). Throws on a compile error.
 */
export function templateRenderer(fields: RequestFields = {}, options: { seed?: number; now?: number } = {}) {
  const engine = createTemplateEngine({ random: createRandom(options.seed ?? 1), now: () => options.now ?? 0 });
  const context: TemplateContext = {
    request: { method: 'GET', path: '/', url: '/', params: {}, query: {}, headers: {}, cookies: {}, body: {}, bodyText: '', ...fields },
  };
  return (source: string): string => {
    const compiled = engine.compile(source);
    if (!compiled.ok) throw new Error(compiled.error.message);
    return compiled.value(context);
  };
}

/** For tests: compiles with a fresh seeded engine and returns the result, for checking compile errors. */
export const compileForTests = (source: string) => createTemplateEngine({ random: createRandom(1), now: () => 0 }).compile(source);
