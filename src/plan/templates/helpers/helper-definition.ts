import type { HelperOptions } from 'handlebars';

/** An argument as written in the template. Literals are known at compile time, paths are not. */
export type ArgumentNode = { literal: true; value: string | number | boolean | null | undefined } | { literal: false };

/** One call site of a helper, as the compiler sees it; given to `check`. */
export interface HelperCall {
  params: readonly ArgumentNode[];
  hash: Readonly<Record<string, ArgumentNode>>;
  block: boolean;
}

/**
 * A helper as we write it: positional arguments as an array, Handlebars' options apart.
 * Registration adapts it to Handlebars' calling convention and names it in errors.
 */
export interface HelperDefinition {
  run(args: readonly unknown[], options: HelperOptions, context: unknown): unknown;
  /**
   * Checks the literal arguments of one call site while compiling, so `{{randomInt "a" 3}}` or
   * `{{now offset="+1x"}}` fail at load instead of on a request. Returns a problem, or undefined.
   */
  check?(call: HelperCall): string | undefined;
}

export type HelperFamily = Readonly<Record<string, HelperDefinition>>;
