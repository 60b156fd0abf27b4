import type { Random } from '../../distributions/index.js';

/** What a template sees: `{{request.params.id}}`, `{{request.body.name}}`, … */
export interface TemplateContext {
  request: {
    method: string;
    path: string;
    url: string;
    params: Readonly<Record<string, string>>;
    query: Readonly<Record<string, string | string[]>>;
    headers: Readonly<Record<string, string | string[] | undefined>>;
    cookies: Readonly<Record<string, string>>;
    /** Parsed JSON when the body is JSON, else the text. */
    body: unknown;
    bodyText: string;
  };
}

/** A compiled template: renders synchronously; throws an AppError(TEMPLATE_RENDER_FAILED) naming the helper. */
export type RenderTemplate = (context: TemplateContext) => string;

export interface TemplateEngineOptions {
  /** The Plan's seeded PRNG: faker, uuid, randomInt, pick… draw from it. */
  random: Random;
  /** Wall clock in ms since the epoch, for `now` (a port so tests can fix time). */
  now: () => number;
}
