import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
const require = createRequire(import.meta.url);

type RouteValidator = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type LooseValidatorFactory = (externalSchemas: unknown, ajvOptions: unknown) => (route: FastifyRouteSchemaDef<unknown>) => RouteValidator;

/**
 * Fastify's own compilers (Ajv for request parts, fast-json-stringify for responses), each route's
 * function compiled on the route's first use instead of at `ready()`. Compiling all ~60 admin
 * route schemas at start cost ~230 ms of Ajv and ~170 ms of fast-json-stringify and ~40 MiB of
 * RSS that stayed (issue 19), for routes most sessions never call. A schema error now surfaces on
 * the route's first call instead of at start; the admin API tests call every route.
 *
 * Passing these makes Fastify treat the validator as custom, and a custom validator's header
 * schemas are not lowercased for it: the admin routes' header schemas are written in lowercase.
 */
export function lazySchemaCompilers(): CompilersFactory {
  // The compiler packages (and Ajv, fast-json-stringify under them) load with the first compile too.
  let buildValidator: LooseValidatorFactory | undefined;
  let buildSerializer: SerializerFactory | undefined;
  const lazyBuildValidator: LooseValidatorFactory = (externalSchemas, ajvOptions) => {
    let compiler: ReturnType<LooseValidatorFactory> | undefined;
    return (route) =>
      lazyValidator(() => {
        // Fastify's types want Ajv's own function type back; the stand-in has the part Fastify calls.
        buildValidator ??= (require('@fastify/ajv-compiler') as typeof import('@fastify/ajv-compiler')).default() as unknown as LooseValidatorFactory;
        compiler ??= buildValidator(externalSchemas, ajvOptions);
        return compiler(route);
      });
  };
  const lazyBuildSerializer: SerializerFactory = (externalSchemas, serializerOptions) => {
    let compiler: ReturnType<SerializerFactory> | undefined;
    return (route) => {
      let serialize: ((data: unknown) => string) | undefined;
      return (data: unknown) => {
        if (!serialize) {
          buildSerializer ??= (require('@fastify/fast-json-stringify-compiler') as typeof import('@fastify/fast-json-stringify-compiler')).default();
          compiler ??= buildSerializer(externalSchemas, serializerOptions);
          serialize = compiler(route);
        }
        return serialize(data);
      };
    };
  };
  return { buildValidator: lazyBuildValidator as unknown as ValidatorFactory, buildSerializer: lazyBuildSerializer };
}

/**
 * Stands in for an Ajv validate function: Fastify reads `errors` off the function it called, and
 * passes the request as parent data (so Ajv may coerce or default the part in place) only to a
 * function with `schemaEnv`, which an Ajv function has.
 */
function lazyValidator(compile: () => RouteValidator): RouteValidator {
  let inner: RouteValidator | undefined;
  const validate: RouteValidator = (data, context) => {
    inner ??= compile();
    const result = inner(data, context);
    validate.errors = inner.errors;
    return result;
  };
  validate.schemaEnv = true;
  return validate;
}
