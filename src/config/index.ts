// The TypeBox schema itself (schema.ts) is imported directly by what needs the builder (the schema
// generator, later the UI); through this door only its types pass, so run time never loads TypeBox.
export { HttpMethods } from './http-methods.js';
export type {
  Config,
  Endpoint,
  Predicate,
  RequestMatch,
  ResponseConfig,
  RequestValidationConfig,
  CrudConfig,
  ProxyConfig,
  UpstreamConfig,
  StateScope,
  WorkflowConfig,
  AdminConfig,
  JournalConfig,
  HttpMethod,
  Duration,
} from './schema.js';
export { ok, err } from './result.js';
export type { Result, ConfigIssue } from './result.js';
export { loadConfigFile } from './load-config-file.js';
export { fileAccessOf } from './create-file-access.js';
export { hashText } from './hash-text.js';
export { readConfigText } from './read-config-text.js';
export { parseConfigText } from './parse-config-text.js';
export { findJsonSyntaxError } from './find-json-syntax-error.js';
export { validateConfigObject } from './validate-config-object.js';
export { checkConfigShape } from './check-config-shape.js';
export { decodeLiteralYaml } from './decode-literal-yaml.js';
export { findDeepNesting, NESTING_GUARD } from './find-deep-nesting.js';
export type { LoadedConfig } from './loaded-config.js';
export { attachLocations } from './attach-locations.js';
export { formatIssue } from './format-issue.js';
export { publishedSchema } from './published-schema.js';
export { compilePattern } from './compile-pattern.js';
export type { Pattern } from './compile-pattern.js';
export { parseDurationMs } from './parse-duration-ms.js';
export { DURATION_PATTERN } from './duration-pattern.js';
export { parseSizeBytes } from './parse-size-bytes.js';
export { formatPath, parsePath } from './issue-path.js';
export type { PathSegment } from './issue-path.js';
export { escapeEnvReferences } from './interpolate-env.js';
export type { LatencyConfig, MixtureComponentConfig, FaultConfig, RateLimitConfig, ScheduleConfig, ScheduleWindowConfig } from './schema.js';
export { applyMergePatch, isJsonObject } from './merge-patch.js';
export { assertNever } from './assert-never.js';
export { didYouMean } from './did-you-mean.js';
export { findUpstreamReferences } from './upstream-references.js';
