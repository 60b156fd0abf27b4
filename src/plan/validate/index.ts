// Request validation (`validate:` rules of an endpoint, from an OpenAPI import): compiled checks.
export { createRequestCheckCompiler } from './compile-request-check.js';
export type { RequestCheck, RequestCheckCompiler } from './compile-request-check.js';
export { createOpenApiAjv } from './openapi-ajv.js';
