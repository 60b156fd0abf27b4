export { createTemplateEngine, templateHelperNames } from './create-template-engine.js';
export type { TemplateContext, TemplateEngine } from './types.js';
export { typedJsonTemplate } from './typed-json-template.js';
