/**
 * Response templates: any template text compiles or reports a located error; a compiled template
 * renders any request to text or fails with AppError (TEMPLATE_RENDER_FAILED, or
 * TEMPLATE_LIMIT_EXCEEDED when it overruns its render budget), in time, with a bounded output, and
 * never shows what lies behind a prototype.
 */
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { createRandom } from '../../src/distributions/index.js';
import { AppError } from '../../src/errors/index.js';
import { createTemplateEngine, type TemplateContext } from '../../src/plan/templates/index.js';
// not behind the door: the engine below runs with these defaults, and the property checks them
import { DEFAULT_TEMPLATE_LIMITS } from '../../src/plan/templates/render-budget.js';
import { fuzzIt } from './fuzz-it.js';
import { templateSource } from './template-arbitrary.js';
import { withinTime } from './within-time.js';

/** Output a render may produce before it counts as unbounded (the issue saw 100 MB from one request). */
const MAX_OUTPUT_CHARS = 32 * 1024 * 1024;

const engine = createTemplateEngine({ random: createRandom(7), now: () => Date.UTC(2026, 0, 5) });

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({
    name: fc.string({ maxLength: 6 }),
    list: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 5 }),
    n: fc.integer({ min: -2, max: 50 }),
  }),
);

const context: fc.Arbitrary<TemplateContext> = fc
  .record({
    id: fc.string({ maxLength: 6 }),
    q: fc.oneof(fc.string({ maxLength: 6 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 })),
    tenant: fc.string({ maxLength: 6 }),
    body,
  })
  .map(({ id, q, tenant, body }) => ({
    request: {
      method: 'POST',
      path: `/items/${id}`,
      url: `/items/${id}`,
      params: { id },
      query: { q },
      headers: { 'x-tenant': tenant },
      cookies: {},
      body,
      bodyText: JSON.stringify(body) ?? '',
    },
  }));

function render(source: string, request: TemplateContext): string | AppError {
  const compiled = withinTime('compile', () => engine.compile(source));
  if (!compiled.ok) {
    expect(typeof compiled.error.message).toBe('string');
    if (compiled.error.line !== undefined) expect(compiled.error.line).toBeGreaterThanOrEqual(1);
    return new AppError('TEMPLATE_RENDER_FAILED', 'did not compile');
  }
  try {
    return withinTime(`render of ${source.length} chars`, () => compiled.value(request));
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('templates', () => {
  fuzzIt(
    'templates/render',
    'any template compiles or fails located, and renders to bounded text or an AppError',
    () =>
      fc.property(templateSource, context, (source, request) => {
        const out = render(source, request);
        if (out instanceof AppError) {
          expect(['TEMPLATE_RENDER_FAILED', 'TEMPLATE_LIMIT_EXCEEDED']).toContain(out.code);
          return;
        }
        expect(typeof out).toBe('string');
        expect(out.length).toBeLessThanOrEqual(MAX_OUTPUT_CHARS);
        // prototypes stay out of reach: no function source is ever rendered
        expect(out).not.toMatch(/\[native code\]|function Object\(|function Function\(/);
      }),
    { runs: 300 },
  );

  fuzzIt(
    'templates/any-text',
    'arbitrary text as a template compiles or fails with a message',
    () =>
      fc.property(fc.string({ maxLength: 60 }), (source) => {
        const compiled = withinTime('compile', () => engine.compile(source));
        if (!compiled.ok) expect(compiled.error.message.length).toBeGreaterThan(0);
      }),
    { runs: 300 },
  );

  fuzzIt(
    'templates/request-sized-output',
    'an inline repeat driven by the request stays within the output budget or fails clearly',
    () =>
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 10_000 }), (size, count) => {
        const request: TemplateContext = {
          request: {
            method: 'POST',
            path: '/',
            url: '/',
            params: {},
            query: {},
            headers: {},
            cookies: {},
            body: { s: 'x'.repeat(size), n: count },
            bodyText: '',
          },
        };
        const out = render('{{repeat request.body.s request.body.n}}', request);
        // the default budget (10 MiB of output) decides: under it the text renders whole, over it the render fails naming the limit
        if (size * count <= DEFAULT_TEMPLATE_LIMITS.maxOutputBytes) expect(out).toBe('x'.repeat(size * count));
        else expect(out instanceof AppError && out.code).toBe('TEMPLATE_LIMIT_EXCEEDED');
      }),
    { runs: 20 },
  );
});
