export { createTemplateEngine, templateHelperNames } from './create-template-engine.js';
export type {
  RenderTemplate,
  TemplateCompileError,
  TemplateContext,
  TemplateEngine,
  TemplateEngineOptions,
} from './types.js';
export { typedJsonTemplate } from './typed-json-template.js';
