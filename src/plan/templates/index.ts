export { createTemplateEngine, templateHelperNames } from './create-template-engine.js';
export type { TemplateContext, TemplateEngine } from './types.js';
