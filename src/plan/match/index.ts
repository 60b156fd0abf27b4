export { buildRouteTable } from './build-route-table.js';
export { compileRequestMatch } from './compile-request-match.js';
export { createSchemaCompiler } from './create-schema-compiler.js';
export type { SchemaCompiler } from './create-schema-compiler.js';
export { linearRegExp } from './linear-reg-exp.js';
export { parsePathTemplate } from './path-template.js';
export { matchPath } from './match-path.js';
export type { CompiledMatch } from './types.js';
