import type { Faker } from '@faker-js/faker';
import Handlebars from 'handlebars';
import { err, ok, type Result } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import { toCompileError } from './compile-error.js';
import { dataHelpers } from './helpers/data-helpers.js';
import { dateHelpers } from './helpers/date-helpers.js';
import { fakerHelpers, type LazyFaker } from './helpers/faker-helpers.js';
import type { HelperDefinition, HelperFamily } from './helpers/helper-definition.js';
import { loadFaker, loadFakerSync } from './helpers/load-faker.js';
import { logicHelpers } from './helpers/logic-helpers.js';
import { mathHelpers } from './helpers/math-helpers.js';
import { randomHelpers } from './helpers/random-helpers.js';
import { repeatHelpers } from './helpers/repeat-helper.js';
import { STATE_HELPER_NAMES, stateHelpers } from './helpers/state-helpers.js';
import { textHelpers } from './helpers/text-helpers.js';
import { rewriteStateCalls } from './rewrite-state-calls.js';
import { DEFAULT_TEMPLATE_LIMITS, RenderBudget } from './render-budget.js';
import { findUnknownVariable } from './check-variables.js';
import { findHelperCalls, type HelperCallSite } from './scan-template.js';
import type {
  RenderTemplate,
  TemplateCompileError,
  TemplateContext,
  TemplateEngine,
  TemplateEngineOptions,
  TemplateState,
  TemplateStateIncrement,
  TemplateStateRead,
} from './types.js';

type HandlebarsEnv = typeof Handlebars;
type CompileOptions = NonNullable<Parameters<HandlebarsEnv['compile']>[1]>;

/**
 * Handlebars' own `compile` defers all work to the first render, and `precompile` gives source
 * text to eval. We run the same two passes its `compile` runs, now: parse → Compiler →
 * JavaScriptCompiler, then `template()`. Both classes are on every Handlebars environment (they are
 * its documented extension points) but not in its type definitions, hence this narrow view.
 */
interface CompilerPasses {
  Compiler: new () => { compile(program: hbs.AST.Program, options: CompileOptions): unknown };
  JavaScriptCompiler: new () => {
    compile(environment: unknown, options: CompileOptions, context: undefined, asObject: true): TemplateSpecification;
  };
}

const helperFamilies = (options: TemplateEngineOptions, lazyFaker: LazyFaker, budget: RenderBudget): HelperFamily => ({
  ...randomHelpers(options.random),
  ...fakerHelpers(lazyFaker, budget),
  ...dateHelpers(options.now),
  ...dataHelpers(),
  ...textHelpers(),
  ...mathHelpers(),
  ...logicHelpers(),
  ...repeatHelpers(options.random, budget),
  ...stateHelpers(),
});

/** Every helper name our engines register, for docs, the UI's autocompletion and editors. */
export const templateHelperNames: readonly string[] = Object.freeze(
  Object.keys(
    helperFamilies(
      { random: { next: () => 0, int: (min) => min, uint32: () => 0 }, now: () => 0 },
      {
        get: () => {
          throw new Error('helper names only');
        },
        reserve: () => undefined,
      },
      new RenderBudget(DEFAULT_TEMPLATE_LIMITS),
    ),
  ),
);
const helperNameSet: ReadonlySet<string> = new Set(templateHelperNames);
const stateHelperNames: ReadonlySet<string> = new Set(STATE_HELPER_NAMES);

/** Keys read with literal names, so the engine loads them before the first render. */
function literalReads(calls: readonly HelperCallSite[]): TemplateStateRead[] {
  const reads: TemplateStateRead[] = [];
  for (const call of calls) {
    // Only reads need loading: set, delete, inc and sequence write (an increment's value comes from the store).
    if (call.name !== 'state.get') continue;
    const key = call.params[0];
    const scope = call.hash.scope;
    if (!key?.literal || (scope !== undefined && !scope.literal)) continue;
    reads.push({ name: String(key.value), scope: scope === undefined ? undefined : String(scope.value) });
  }
  return reads;
}

/** The workflows `workflowState` calls name literally; undefined for a call without a name (the endpoint's own). */
function literalWorkflowReads(calls: readonly HelperCallSite[]): (string | undefined)[] {
  const reads: (string | undefined)[] = [];
  for (const call of calls) {
    if (call.name !== 'workflowState') continue;
    const id = call.params[0];
    if (id === undefined) reads.push(undefined);
    else if (id.literal) reads.push(String(id.value));
  }
  return reads;
}

const renderFailure = (cause: unknown, what: string): AppError =>
  cause instanceof AppError
    ? cause
    : new AppError('TEMPLATE_RENDER_FAILED', `${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });

/** Adapts our helper shape to Handlebars' (options last, `this` the context) and names it in errors. */
function toHandlebarsHelper(name: string, helper: HelperDefinition): Handlebars.HelperDelegate {
  const what = `helper "${name}"`;
  return function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as Handlebars.HelperOptions;
    try {
      return helper.run(args, options, this);
    } catch (cause) {
      throw renderFailure(cause, what);
    }
  };
}

const usesFaker = (env: HandlebarsEnv, source: string): boolean => {
  if (!source.includes('faker')) return false;
  try {
    return findHelperCalls(env.parse(source), helperNameSet).some((call) => call.name === 'faker');
  } catch {
    return false; // compile() reports the syntax error
  }
};

/** Handlebars' own default: no prototype property or method is reachable from a template. */
function denyPrototypeAccess() {
  const properties: Record<string, boolean> = Object.create(null);
  properties['__proto__'] = false;
  const methods: Record<string, boolean> = Object.create(null);
  for (const name of ['constructor', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']) methods[name] = false;
  return { properties: { whitelist: properties, defaultValue: false }, methods: { whitelist: methods, defaultValue: false } };
}

/** Own properties only: what `{{lookup}}` may read (the same rule compiled lookups follow). */
const lookupOwnProperty = (parent: unknown, name: string): unknown =>
  parent !== null && parent !== undefined && Object.prototype.hasOwnProperty.call(parent, name) ? (parent as Record<string, unknown>)[name] : undefined;

/**
 * Runtime options built once per engine. On every top-level render Handlebars' runtime copies and
 * re-wraps every registered helper (its `_setup`), which with our ~45 helpers cost more than the
 * rendering itself under load. A render called with `partial: true` takes helpers, hooks and the
 * prototype-access rules as given, so we hand it prepared ones: the same helpers, wrapped once to
 * pass `lookupProperty` as Handlebars does, and its default access rules. `data` is set per render.
 */
function preparedRuntimeOptions(env: HandlebarsEnv, budget: RenderBudget): Handlebars.RuntimeOptions & Record<string, unknown> {
  const registered = env.helpers as Record<string, Handlebars.HelperDelegate>;
  const helpers: Record<string, Handlebars.HelperDelegate> = {};
  const wrap = (helper: Handlebars.HelperDelegate): Handlebars.HelperDelegate =>
    function (this: unknown) {
      // eslint-disable-next-line prefer-rest-params -- no array allocation on the render path
      const options = arguments[arguments.length - 1] as { lookupProperty?: unknown; fn?: unknown } | undefined;
      if (options !== null && typeof options === 'object') {
        options.lookupProperty = lookupOwnProperty;
        // Every loop (each, repeat, a {{#list}} section) runs its block through fn: counting there
        // bounds them all, built-in or ours.
        if (typeof options.fn === 'function') options.fn = budget.counted(options.fn as (context: unknown) => string);
      }
      // eslint-disable-next-line prefer-rest-params
      return (helper as (...args: unknown[]) => unknown).apply(this, arguments as unknown as unknown[]);
    };
  for (const [name, helper] of Object.entries(registered)) {
    if (name === 'helperMissing' || name === 'blockHelperMissing') continue;
    helpers[name] = wrap(helper);
  }
  return {
    partial: true,
    helpers,
    partials: {},
    decorators: {},
    // A section over a path ({{#request.body.items}}) iterates through blockHelperMissing.
    hooks: { helperMissing: registered.helperMissing, blockHelperMissing: wrap(registered.blockHelperMissing!) },
    protoAccessControl: denyPrototypeAccess(),
    data: undefined,
  };
}

export function createTemplateEngine(options: TemplateEngineOptions): TemplateEngine {
  // An environment of our own: helpers registered on the global Handlebars would leak between
  // Plans (each binds its own PRNG) and into any other user of the library in the process.
  const env = Handlebars.create();
  let faker: Faker | undefined;
  let fakerSeed: number | undefined;
  // Only a template that calls faker loads it (see load-faker.ts), on its first render; the seed is
  // drawn at its compile (or that render, for a path computed at render time), so a given Plan
  // seed always gives the same faker sequence.
  const lazyFaker: LazyFaker = {
    reserve: () => void (fakerSeed ??= options.random.uint32()),
    get: () => (faker ??= loadFakerSync()((fakerSeed ??= options.random.uint32()))),
  };
  const getFaker = lazyFaker.get;
  const budget = new RenderBudget(options.limits ?? DEFAULT_TEMPLATE_LIMITS);
  const helpers = helperFamilies(options, lazyFaker, budget);
  for (const [name, helper] of Object.entries(helpers)) env.registerHelper(name, toHandlebarsHelper(name, helper));

  const compileOptions: CompileOptions = {
    // Mock bodies are JSON, XML or text, not HTML: escaping would turn `"` into `&quot;` and break
    // them. Values that need quoting in JSON go through {{json value}} instead.
    noEscape: true,
    // Every helper is declared, so a misspelled `{{fakr "x"}}` is a compile error at load, and
    // Handlebars can call helpers directly instead of checking the context first.
    knownHelpers: Object.fromEntries(templateHelperNames.map((name) => [name, true])),
    knownHelpersOnly: true,
    data: true,
  };
  const passes = env as unknown as CompilerPasses;
  const runtime = preparedRuntimeOptions(env, budget);

  return {
    async prepare(sources) {
      if (faker || !sources.some((source) => usesFaker(env, source))) return;
      await loadFaker();
      getFaker();
    },

    compile(source): Result<RenderTemplate, TemplateCompileError> {
      let template: HandlebarsTemplateDelegate<TemplateContext>;
      let calls: HelperCallSite[];
      let stateIncrements: TemplateStateIncrement[];
      try {
        const program = env.parse(source);
        stateIncrements = rewriteStateCalls(program);
        calls = findHelperCalls(program, helperNameSet);
        for (const call of calls) {
          const problem = helpers[call.name]?.check?.(call);
          if (problem) return err({ message: `helper "${call.name}": ${problem}`, line: call.line, column: call.column });
        }
        const unknown = findUnknownVariable(program, helperNameSet);
        if (unknown) return err(unknown);
        const environment = new passes.Compiler().compile(program, compileOptions);
        const spec = new passes.JavaScriptCompiler().compile(environment, compileOptions, undefined, true);
        template = env.template<TemplateContext>(spec);
      } catch (error) {
        return err(toCompileError(error, source, templateHelperNames));
      }
      const render = (context: TemplateContext, state?: TemplateState): string => {
        budget.enter();
        try {
          runtime.data = state === undefined ? { root: context } : { root: context, state };
          const output = template(context, runtime);
          budget.checkOutput(output);
          return output;
        } catch (cause) {
          throw renderFailure(cause, 'template');
        } finally {
          budget.leave();
        }
      };
      const stateCalls = calls.filter((call) => stateHelperNames.has(call.name));
      return ok(
        Object.assign(render, {
          usesState: stateCalls.length > 0,
          stateReads: literalReads(stateCalls),
          workflowReads: literalWorkflowReads(stateCalls),
          stateIncrements,
        }),
      );
    },
  };
}
