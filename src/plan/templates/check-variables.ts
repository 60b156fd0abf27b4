import { closest, distance } from 'fastest-levenshtein';
import type { TemplateCompileError } from './types.js';

/** What a template's context holds: `request` and its parts (see TemplateContext). */
const REQUEST_PARTS: readonly string[] = ['method', 'path', 'url', 'params', 'query', 'headers', 'cookies', 'body', 'bodyText'];
const ROOTS: readonly string[] = ['request'];

/** Blocks whose body sees the same context as outside: there a root must be `request`. */
const SAME_CONTEXT_BLOCKS: ReadonlySet<string> = new Set(['if', 'unless']);

/**
 * Finds the first variable a template reads that cannot exist: a root other than `request`
 * (`{{requst.params.id}}`), a part of the request that is not one (`{{request.parms.id}}`), or a
 * bare name that is neither a helper nor a variable (`{{uuidd}}`). Handlebars renders each of
 * them as an empty string, so a typo passed `validate` and showed up as a blank in a response.
 * Inside `#each`, `#with` and other blocks that change the context, names refer to the items
 * iterated, which are unknown here: only `../`, `@root` and block params are checked there.
 */
export function findUnknownVariable(program: hbs.AST.Program, helperNames: ReadonlySet<string>): TemplateCompileError | undefined {
  let found: TemplateCompileError | undefined;
  const checkPath = (path: hbs.AST.PathExpression, scope: Scope, maybeHelper: boolean): void => {
    if (found || path.data || path.depth > 0 || path.parts.length === 0) return;
    if (/^(this|\.)/.test(path.original)) return;
    const [root, part] = path.parts as [string, string | undefined];
    if (scope.blockParams.has(root) || !scope.sameContext) return;
    const at = { line: path.loc.start.line, column: path.loc.start.column + 1 };
    if (!ROOTS.includes(root)) {
      const candidates = maybeHelper && path.parts.length === 1 ? [...helperNames, ...ROOTS] : [...ROOTS];
      const guess = suggestion(root, candidates);
      const what = maybeHelper && path.parts.length === 1 ? 'helper or variable' : 'variable';
      const fixed = guess === undefined ? undefined : [guess, ...path.parts.slice(1)].join('.');
      found = {
        message: `unknown ${what} "${path.original}"${fixed ? ` (did you mean "${fixed}"?)` : ' (a template sees request.method, .path, .url, .params, .query, .headers, .cookies, .body, .bodyText)'}`,
        ...at,
      };
      return;
    }
    if (part !== undefined && !REQUEST_PARTS.includes(part)) {
      const guess = suggestion(part, REQUEST_PARTS);
      found = {
        message: `unknown variable "${path.original}": the request has ${REQUEST_PARTS.join(', ')}${guess ? ` (did you mean "${['request', guess, ...path.parts.slice(2)].join('.')}"?)` : ''}`,
        ...at,
      };
    }
  };

  const visitExpression = (node: hbs.AST.Expression, scope: Scope): void => {
    if (node.type === 'PathExpression') checkPath(node as hbs.AST.PathExpression, scope, false);
    else if (node.type === 'SubExpression') visitCall(node as hbs.AST.SubExpression, scope);
  };
  const visitCall = (call: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, scope: Scope): void => {
    const path = call.path as hbs.AST.PathExpression;
    const isHelper = path.type === 'PathExpression' && path.parts.length === 1 && !path.data && helperNames.has(path.parts[0]!);
    const hasArguments = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
    // `{{name}}` without arguments is a helper call or a lookup; with arguments, only a helper.
    if (!isHelper && path.type === 'PathExpression' && !hasArguments) checkPath(path, scope, call.type === 'MustacheStatement');
    for (const param of call.params) visitExpression(param, scope);
    for (const pair of call.hash?.pairs ?? []) visitExpression(pair.value, scope);
  };
  const visitBody = (body: readonly hbs.AST.Statement[], scope: Scope): void => {
    for (const statement of body) {
      if (found) return;
      if (statement.type === 'MustacheStatement') visitCall(statement as hbs.AST.MustacheStatement, scope);
      else if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        visitCall(block, scope);
        const name = (block.path as hbs.AST.PathExpression).parts?.[0] ?? '';
        const inner: Scope = {
          sameContext: scope.sameContext && SAME_CONTEXT_BLOCKS.has(name),
          blockParams: new Set([...scope.blockParams, ...(block.program?.blockParams ?? [])]),
        };
        if (block.program) visitBody(block.program.body, inner);
        if (block.inverse) visitBody(block.inverse.body, { ...inner, blockParams: scope.blockParams });
      }
    }
  };
  visitBody(program.body, { sameContext: true, blockParams: new Set() });
  return found;
}

interface Scope {
  readonly sameContext: boolean;
  readonly blockParams: ReadonlySet<string>;
}

/** The closest candidate when it is plausibly a typo (a third of the letters at most). */
function suggestion(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.max(1, Math.floor(Math.max(word.length, best.length) / 3)) ? best : undefined;
}
