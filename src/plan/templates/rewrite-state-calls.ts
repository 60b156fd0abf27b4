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

export function rewriteStateCalls(program: hbs.AST.Program): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
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
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'loc' && typeof child === 'object') visit(child);
  };
  visit(program);
}
