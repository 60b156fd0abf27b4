/**
 * `{{state.get "cart"}}` reads like a method call, but Handlebars resolves a helper call by the
 * first part of its path only: with our known-helpers-only compilation it would call a helper
 * named `state` and drop `.get`. Before compiling, this rewrites the paths of such calls to one
 * part (`state.get`), the name the state helpers are registered under. Only calls (with
 * arguments) are rewritten, so `{{state}}` or `{{this.state.get}}` keep their meaning.
 */
export const STATE_METHODS: readonly string[] = ['get', 'set', 'inc', 'delete'];

const callTypes = new Set(['MustacheStatement', 'BlockStatement', 'SubExpression']);
type Node = { type?: unknown; [key: string]: unknown };

/** A call that runs on every render (outside any block), with literal arguments: its increment can be reserved up front. */
export interface UnconditionalIncrement {
  readonly helper: 'state.inc' | 'sequence';
  readonly name: string;
  readonly by: number;
  readonly scope: string | undefined;
}

const literalOf = (node: hbs.AST.Expression | undefined): string | number | undefined =>
  node && (node.type === 'StringLiteral' || node.type === 'NumberLiteral') ? (node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral).value : undefined;

function unconditionalIncrement(call: hbs.AST.MustacheStatement, helper: string): UnconditionalIncrement | undefined {
  if (helper !== 'state.inc' && helper !== 'sequence') return undefined;
  const name = literalOf(call.params[0]);
  const pairs = new Map((call.hash?.pairs ?? []).map((pair) => [pair.key, pair.value] as const));
  const scopeNode = pairs.get('scope');
  const scope = scopeNode === undefined ? undefined : literalOf(scopeNode);
  const byNode = helper === 'state.inc' ? (call.params[1] ?? pairs.get('by')) : undefined;
  const by = byNode === undefined ? 1 : literalOf(byNode);
  if (name === undefined || name === '' || (scopeNode !== undefined && typeof scope !== 'string') || typeof by !== 'number' || !Number.isSafeInteger(by))
    return undefined;
  if (pairs.size > (scopeNode ? 1 : 0) + (helper === 'state.inc' && pairs.has('by') ? 1 : 0) + (helper === 'sequence' && pairs.has('start') ? 1 : 0))
    return undefined;
  return { helper, name: String(name), by, scope: scope as string | undefined };
}

/**
 * Rewrites the dotted state calls (see above) and returns the increments that run on every render
 * with literal arguments (`{{state.inc "visits"}}` at the top level, not inside `{{#if}}` or
 * `{{#each}}`), so the engine can reserve them before the first render instead of rendering twice.
 */
export function rewriteStateCalls(program: hbs.AST.Program): UnconditionalIncrement[] {
  const unconditional: UnconditionalIncrement[] = [];
  const visit = (value: unknown, inBlock: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, inBlock);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    if (typeof node.type === 'string' && callTypes.has(node.type)) {
      const call = node as unknown as hbs.AST.MustacheStatement;
      const path = call.path as hbs.AST.PathExpression;
      const isCall = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
      if (
        isCall &&
        path.type === 'PathExpression' &&
        !path.data &&
        path.depth === 0 &&
        path.parts.length === 2 &&
        path.parts[0] === 'state' &&
        path.original === `state.${path.parts[1]}` &&
        STATE_METHODS.includes(path.parts[1]!)
      ) {
        path.parts = [path.original];
      }
      const helper = path.type === 'PathExpression' && path.parts.length === 1 ? path.parts[0]! : '';
      const increment = !inBlock && node.type === 'MustacheStatement' ? unconditionalIncrement(call, helper) : undefined;
      if (increment) unconditional.push(increment);
    }
    // The params of a block run on every render; its program and inverse only under its condition.
    const isBlock = node.type === 'BlockStatement';
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'loc' && typeof child === 'object') visit(child, inBlock || (isBlock && (key === 'program' || key === 'inverse')));
    }
  };
  visit(program, false);
  return unconditional;
}
