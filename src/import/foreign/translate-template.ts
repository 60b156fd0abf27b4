import Handlebars from 'handlebars';
import { HANDLEBARS_BUILTINS, MIMICUS_HELPER_NAMES } from './mimicus-helper-names.js';

type Expression = hbs.AST.Expression;
type Print = (expression: Expression) => string;

/** A helper call (or a bare name that may be one) as the foreign template wrote it. */
export interface CallSite {
  name: string;
  params: Expression[];
  hash: Readonly<Record<string, Expression>>;
}

/**
 * What a foreign template language (WireMock, Mockoon) means by its helpers and data paths, in
 * our terms. Each answer is replacement expression text (no braces), `undefined` for "no opinion"
 * (kept when it is one of our helpers or a plain path), or `null` for "cannot be expressed".
 */
export interface TemplateDialect {
  call(site: CallSite, print: Print): string | null | undefined;
  /** A data path as written (`request.body`); `whole` when it is the entire `{{…}}`. */
  path(original: string, whole: boolean): string | null;
  /** The arguments of a block's open tag (`{{#repeat 5 comma=false}}`) for one of our block helpers. */
  blockArguments?(site: CallSite, print: Print): string | null | undefined;
}

export interface TranslatedTemplate {
  text: string;
  /** Helpers and paths left as literal text (`\{{…}}`) because nothing of ours does what they do. */
  unsupported: string[];
  /** False when the text has no `{{` at all: it need not be a template. */
  hasMustaches: boolean;
  /** The foreign text does not parse as Handlebars: it is returned unchanged, to serve literally. */
  syntaxError?: string;
}

class Unsupported extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Rewrites a foreign Handlebars template into ours: helper calls and paths go through `dialect`;
 * a statement using anything we cannot express is escaped (`\{{`) so it is served as literal
 * text instead of failing the whole config at load (our engine refuses unknown helpers), and is
 * reported. Statement by statement, so the supported parts of a template keep working.
 */
export function translateTemplate(text: string, dialect: TemplateDialect): TranslatedTemplate {
  if (!text.includes('{{')) return { text, unsupported: [], hasMustaches: false };
  // Handlebars' parser slows down sharply with nesting (2,000 levels take seconds) and our printer
  // recurses: deeply nested expressions are served as literal text instead.
  if (expressionDepth(text) > MAX_EXPRESSION_DEPTH) {
    return { text: text.replace(/\{\{/g, '\\{{'), unsupported: [`expressions nested more than ${MAX_EXPRESSION_DEPTH} deep`], hasMustaches: true };
  }
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(text);
  } catch (cause) {
    return { text, unsupported: [], hasMustaches: true, syntaxError: String((cause as Error).message).split('\n')[0] };
  }
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offsetOf = (position: hbs.AST.Position) => (lineStarts[position.line - 1] ?? 0) + position.column;
  const edits: Edit[] = [];
  const unsupported: string[] = [];
  const printer = createPrinter(dialect);

  const escapeRange = (start: number, end: number, what: string) => {
    unsupported.push(what);
    for (let k = edits.length - 1; k >= 0; k--) if (edits[k]!.start >= start && edits[k]!.end <= end) edits.splice(k, 1);
    for (let i = text.indexOf('{{', start); i !== -1 && i < end; i = text.indexOf('{{', i + 2)) {
      if (text[i - 1] !== '\\') edits.push({ start: i, end: i, text: '\\' });
    }
  };

  const visit = (body: readonly hbs.AST.Statement[], chained = false): void => {
    for (const statement of body) {
      const start = offsetOf(statement.loc.start);
      const end = offsetOf(statement.loc.end);
      if (statement.type === 'MustacheStatement') {
        const mustache = statement as hbs.AST.MustacheStatement;
        try {
          const inner = printer.call(mustache, false);
          const [open, close] = mustache.escaped ? ['{{', '}}'] : ['{{{', '}}}'];
          const replacement = `${open}${mustache.strip.open ? '~' : ''}${inner}${mustache.strip.close ? '~' : ''}${close}`;
          if (text.slice(start, end) !== replacement) edits.push({ start, end, text: replacement });
        } catch (problem) {
          if (!(problem instanceof Unsupported)) throw problem;
          escapeRange(start, end, problem.what);
        }
      } else if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        const name = simpleName(block.path) ?? (block.path as hbs.AST.PathExpression).original ?? '?';
        try {
          // Our block helpers are Handlebars' own and `repeat` (with a count): others cannot wrap content.
          if (!HANDLEBARS_BUILTINS.has(name) && !(name === 'repeat' && block.params.length > 0)) throw new Unsupported(`#${name}`);
          const site = siteOf(name, block);
          const custom = dialect.blockArguments?.(site, printer.expression);
          if (custom === null) throw new Unsupported(`#${name}`);
          const args = custom ?? printer.arguments(site);
          const openEnd = openTagEnd(text, start);
          const isInverse = /^\{\{~?\^/.test(text.slice(start, start + 4));
          if (!chained && !isInverse && (block.program.blockParams ?? []).length === 0 && openEnd > start) {
            const open = `{{${block.openStrip.open ? '~' : ''}#${name}${args === '' ? '' : ` ${args}`}${block.openStrip.close ? '~' : ''}}}`;
            if (text.slice(start, openEnd) !== open) edits.push({ start, end: openEnd, text: open });
          }
          visit(block.program.body);
          if (block.inverse) visit(block.inverse.body, (block.inverse as { chained?: boolean }).chained === true);
        } catch (problem) {
          if (!(problem instanceof Unsupported)) throw problem;
          escapeRange(start, end, problem.what);
        }
      } else if (statement.type !== 'ContentStatement' && statement.type !== 'CommentStatement') {
        escapeRange(start, end, statement.type === 'PartialStatement' || statement.type === 'PartialBlockStatement' ? 'partials ({{> …}})' : statement.type);
      }
    }
  };
  visit(program.body);
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, unsupported: [...new Set(unsupported)], hasMustaches: true };
}

const MAX_EXPRESSION_DEPTH = 32;

/** The deepest `(` nesting inside `{{ … }}`, and the deepest block nesting, in one linear pass. */
function expressionDepth(text: string): number {
  let deepest = 0;
  let blocks = 0;
  for (let i = text.indexOf('{{'); i !== -1; i = text.indexOf('{{', i + 2)) {
    const end = text.indexOf('}}', i + 2);
    const stop = end === -1 ? text.length : end;
    let depth = 0;
    for (let k = i + 2; k < stop; k++) {
      const c = text[k];
      if (c === '(') deepest = Math.max(deepest, ++depth);
      else if (c === ')') depth--;
    }
    const marker = text[i + 2] === '~' ? text[i + 3] : text[i + 2];
    if (marker === '#') deepest = Math.max(deepest, ++blocks);
    else if (marker === '/') blocks--;
    if (end === -1) break;
  }
  return deepest;
}

function siteOf(name: string, node: { params: Expression[]; hash?: hbs.AST.Hash }): CallSite {
  const hash: Record<string, Expression> = {};
  for (const pair of node.hash?.pairs ?? []) hash[pair.key] = pair.value;
  return { name, params: node.params, hash };
}

/** The helper name of a call when its path is one plain name (not `this.x`, `../x`, `@x`). */
function simpleName(path: Expression): string | undefined {
  if (path.type !== 'PathExpression') return undefined;
  const p = path as hbs.AST.PathExpression;
  if (p.data || p.depth > 0 || p.parts.length !== 1) return undefined;
  return p.original === p.parts[0] ? p.parts[0] : undefined;
}

/** Handlebars string literal: only `"` needs escaping (its lexer unescapes `\"` and nothing else). */
export const quoteString = (value: string) => `"${value.replace(/"/g, '\\"')}"`;

function createPrinter(dialect: TemplateDialect) {
  const expression: Print = (node) => {
    switch (node.type) {
      case 'PathExpression': {
        const original = (node as hbs.AST.PathExpression).original;
        const mapped = dialect.path(original, false);
        if (mapped === null) throw new Unsupported(original);
        return mapped;
      }
      case 'SubExpression': {
        // A foreign helper may become a plain path here (Mockoon's `(body)` is `request.bodyText`):
        // in parentheses Handlebars would call it as a helper.
        const inner = call(node as hbs.AST.SubExpression, true);
        return !/\s/.test(inner) && !MIMICUS_HELPER_NAMES.has(inner) ? inner : `(${inner})`;
      }
      case 'StringLiteral':
        return quoteString((node as hbs.AST.StringLiteral).value);
      case 'NumberLiteral':
        return String((node as hbs.AST.NumberLiteral).value);
      case 'BooleanLiteral':
        return String((node as hbs.AST.BooleanLiteral).value);
      case 'NullLiteral':
        return 'null';
      case 'UndefinedLiteral':
        return 'undefined';
      default:
        throw new Unsupported(node.type);
    }
  };
  const printArguments = (site: CallSite) =>
    [...site.params.map(expression), ...Object.entries(site.hash).map(([key, value]) => `${key}=${expression(value)}`)].join(' ');
  /** `isCall`: a subexpression, which is always a helper call. */
  const call = (node: { path: Expression; params: Expression[]; hash?: hbs.AST.Hash }, isCall: boolean): string => {
    const name = simpleName(node.path);
    const original = (node.path as hbs.AST.PathExpression).original ?? '';
    const hasArguments = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    const helperName = name ?? (MIMICUS_HELPER_NAMES.has(original) ? original : undefined);
    if (helperName !== undefined) {
      const site = siteOf(helperName, node);
      const mapped = dialect.call(site, expression);
      if (mapped === null) throw new Unsupported(helperName);
      if (mapped !== undefined) return mapped;
      if (hasArguments || isCall || MIMICUS_HELPER_NAMES.has(helperName)) {
        if (!MIMICUS_HELPER_NAMES.has(helperName) && !HANDLEBARS_BUILTINS.has(helperName)) throw new Unsupported(helperName);
        const args = printArguments(site);
        return args === '' ? helperName : `${helperName} ${args}`;
      }
    } else if (hasArguments || isCall) {
      throw new Unsupported(original);
    }
    const mapped = dialect.path(original, !isCall);
    if (mapped === null) throw new Unsupported(original);
    return mapped;
  };
  return { expression, call, arguments: printArguments };
}

/** The offset just past a block's open tag `{{#name …}}`, skipping quoted strings; `start` if unclear. */
function openTagEnd(text: string, start: number): number {
  let quote: string | undefined;
  for (let i = start + 2; i < text.length - 1; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote && text[i - 1] !== '\\') quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}' && text[i + 1] === '}') return i + 2;
  }
  return start;
}
