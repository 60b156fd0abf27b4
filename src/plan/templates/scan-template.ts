/**
 * Finds the call sites of our helpers in a parsed template, with their literal arguments and
 * position, so helpers can check literals at compile time and `prepare` can tell which optional
 * dependencies (faker) a set of templates needs.
 */
import type { ArgumentNode, HelperCall } from './helpers/helper-definition.js';

export interface HelperCallSite extends HelperCall {
  name: string;
  /** 1-based, in the template source. */
  line: number;
  column: number;
}

type Node = { type?: unknown; [key: string]: unknown };
type CallNode = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;
const callTypes = new Set(['MustacheStatement', 'BlockStatement', 'SubExpression']);

function toArgument(node: hbs.AST.Expression): ArgumentNode {
  switch (node.type) {
    case 'StringLiteral':
    case 'NumberLiteral':
    case 'BooleanLiteral':
      return { literal: true, value: (node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral).value };
    case 'NullLiteral':
      return { literal: true, value: null };
    case 'UndefinedLiteral':
      return { literal: true, value: undefined };
    default:
      return { literal: false };
  }
}

/** The helper name of a call, when its path is a plain name (not `this.x`, `../x` or `@x`). */
function calledName(node: CallNode): string | undefined {
  const path = node.path as hbs.AST.PathExpression;
  if (path.type !== 'PathExpression' || path.data || path.depth > 0 || path.parts.length !== 1) return undefined;
  return path.original === path.parts[0] ? path.parts[0] : undefined;
}

export function findHelperCalls(program: hbs.AST.Program, helperNames: ReadonlySet<string>): HelperCallSite[] {
  const sites: HelperCallSite[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    if (typeof node.type === 'string' && callTypes.has(node.type)) {
      const call = node as unknown as CallNode;
      const name = calledName(call);
      if (name !== undefined && helperNames.has(name)) {
        const hash: Record<string, ArgumentNode> = {};
        for (const pair of call.hash?.pairs ?? []) hash[pair.key] = toArgument(pair.value);
        sites.push({
          name,
          params: call.params.map(toArgument),
          hash,
          block: call.type === 'BlockStatement',
          line: call.loc.start.line,
          column: call.loc.start.column + 1,
        });
      }
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'loc' && typeof child === 'object') visit(child);
  };
  visit(program);
  return sites;
}
