// What the WireMock, Mockoon, mountebank, Postman and HAR importers share: input parsing, ids,
// regex checks against our RE2 engine and the translation of foreign Handlebars templates.
export { parseJsonInput } from './parse-json-input.js';
export { createIdAllocator, slugOf } from './create-id-allocator.js';
export { regexProblem, escapeRegex } from './check-regex.js';
export { translateTemplate, quoteString } from './translate-template.js';
export type { TemplateDialect, CallSite } from './translate-template.js';
export { disableShadowed } from './disable-shadowed.js';
export { literalPath, pathFromRegex } from './path-templates.js';
export { proxyTarget, proxyHeaders } from './proxy-target.js';
