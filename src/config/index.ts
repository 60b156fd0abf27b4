export {
  ConfigSchema,
  DurationSchema,
  SizeSchema,
  MethodSchema,
  ResponseSchema,
  HttpMethods,
  CURRENT_CONFIG_VERSION,
} from './schema.js';
export type {
  Config,
  Endpoint,
  Predicate,
  RequestMatch,
  ResponseConfig,
  VariantConfig,
  SequenceConfig,
  HttpMethod,
  Duration,
  Size,
} from './schema.js';
export { ok, err } from './result.js';
export type { Result, ConfigIssue, SourceLocation } from './result.js';
