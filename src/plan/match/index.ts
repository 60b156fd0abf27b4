export { buildRouteTable } from './build-route-table.js';
export { compileRequestMatch } from './compile-request-match.js';
export type { CompileMatchOptions } from './compile-request-match.js';
export { compilePredicate } from './compile-predicate.js';
export type { CompiledPredicate } from './compile-predicate.js';
export { createSchemaCompiler } from './create-schema-compiler.js';
export type { SchemaCompiler } from './create-schema-compiler.js';
export { linearRegExp } from './linear-reg-exp.js';
export { parsePathTemplate, segmentRank, REST_PARAM } from './path-template.js';
export type { PathTemplate, PathSegment, SegmentKind } from './path-template.js';
export { matchPath } from './match-path.js';
export type { ValueAccess } from './value-access.js';
export type {
  BuildRouteTable,
  CompiledMatch,
  Mismatch,
  NearMiss,
  Routable,
  RouteConflict,
  RouteLookup,
  RouteTable,
} from './types.js';
