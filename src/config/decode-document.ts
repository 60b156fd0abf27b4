import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Alias, type Document, type Node, type Scalar } from 'yaml';
import { checkDocumentShape } from './check-document-shape.js';
import { CONFIG_LIMITS } from './config-limits.js';
import { fastDecode } from './fast-decode.js';
import { findDeepNesting } from './find-deep-nesting.js';
import { findJsonSyntaxError } from './find-json-syntax-error.js';
import { findUnquotedBrace } from './find-unquoted-brace.js';
import { interpolateEnv, isSingleReference, type Env } from './interpolate-env.js';
import { formatPath, type PathSegment } from './issue-path.js';
import type { ConfigIssue, SourceLocation } from './result.js';

/** How to read one config text. */
export interface DecodeOptions {
  /** Shown in locations; `<input>` when the text did not come from a file. */
  file?: string;
  format?: 'yaml' | 'json';
  env?: Env;
}

/** One config text turned into plain data, with where every value came from. */
export interface DecodedDocument {
  file: string;
  value: unknown;
  /** Position of each node by its formatted path: the key of a map entry, the start of a list item. */
  locations: Map<string, SourceLocation>;
  issues: ConfigIssue[];
  /** The text is not valid YAML/JSON, so `value` cannot be trusted. */
  syntaxFailed: boolean;
  /** Paths whose value could not be interpolated; schema issues there would only repeat the problem. */
  unresolvedPaths: string[];
}

/**
 * Reads YAML or JSON into plain data with `${VAR}` interpolated. A clean text takes the fast
 * parser, and its source positions are worked out only if something asks for one (an issue to
 * locate); anything else is decoded with positions at once (see decodeWithPositions).
 */
export function decodeDocument(text: string, options: DecodeOptions = {}): DecodedDocument {
  // Cheap bound first (UTF-16 units are at most the UTF-8 bytes, and at least a third of them).
  if (text.length * 3 > CONFIG_LIMITS.maxBytes && Buffer.byteLength(text) > CONFIG_LIMITS.maxBytes) {
    const file = options.file ?? '<input>';
    return {
      file,
      value: undefined,
      locations: new Map(),
      issues: [
        {
          path: '',
          message: `refused: the config text is ${Buffer.byteLength(text)} bytes, over the limit of ${CONFIG_LIMITS.maxBytes} (16 MiB)`,
          location: { file, line: 1, column: 1 },
        },
      ],
      syntaxFailed: true,
      unresolvedPaths: [],
    };
  }
  const guarded = guardNesting(text, options);
  if (guarded !== undefined) return guarded;
  const fast = fastDecode(text, options.format ?? 'yaml', options.env ?? process.env);
  if (!fast) return decodeWithPositions(text, options);
  let located: DecodedDocument | undefined;
  return {
    file: options.file ?? '<input>',
    value: fast.value,
    get locations() {
      located ??= decodeWithPositions(text, options);
      return located.locations;
    },
    issues: [],
    syntaxFailed: false,
    unresolvedPaths: [],
  };
}

/**
 * Parses YAML or JSON (both with the `yaml` library, so every value has a source range), reports
 * syntax errors and duplicate keys with positions, and interpolates `${VAR}` in string scalars
 * after parsing so positions stay those of the text the user wrote.
 */
export function decodeWithPositions(text: string, options: DecodeOptions = {}): DecodedDocument {
  const file = options.file ?? '<input>';
  const format = options.format ?? 'yaml';
  const lineCounter = new LineCounter();
  const decoded: DecodedDocument = {
    file,
    value: undefined,
    locations: new Map(),
    issues: [],
    syntaxFailed: false,
    unresolvedPaths: [],
  };
  const syntaxIssue = (message: string, location: SourceLocation) => {
    decoded.syntaxFailed = true;
    decoded.issues.push({ path: '', message: `invalid ${format === 'json' ? 'JSON' : 'YAML'}: ${message}`, location });
  };
  const limitIssue = (message: string, location: SourceLocation) => {
    decoded.syntaxFailed = true;
    decoded.issues.push({ path: '', message: `refused: ${message}`, location });
  };

  if (format === 'json') {
    const jsonError = findJsonSyntaxError(text);
    if (jsonError) {
      const report = jsonError.message.startsWith('maps and lists nest') ? limitIssue : syntaxIssue;
      report(jsonError.message, locationAt(text, jsonError.offset, file));
      return decoded;
    }
  }
  const guarded = guardNesting(text, options);
  if (guarded !== undefined) return guarded;
  // merge: `<<: *defaults` is common in hand-written YAML; uniqueKeys is off because we report
  // duplicates ourselves, naming both places.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, merge: true });
  for (const error of doc.errors) {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    // The parser recurses per flow level and reports its own stack overflow as an error.
    const location = { file, line: position.line, column: position.col };
    if (/Maximum call stack/.test(error.message)) limitIssue(`maps and lists nest more than ${CONFIG_LIMITS.maxDepth} levels deep`, location);
    else syntaxIssue(error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, ''), location);
  }
  if (decoded.syntaxFailed) {
    if (format === 'yaml') explainUnquotedBrace(text, decoded);
    return decoded;
  }

  const at = (offset: number | undefined): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { file, line, column: col };
  };
  // Before anything walks the document: deep nesting and alias bombs are refused here, in linear time.
  const shape = checkDocumentShape(doc);
  if (shape.problem) {
    limitIssue(shape.problem.message, at(shape.problem.offset));
    return decoded;
  }
  decoded.locations.set('', at(doc.contents?.range[0]));
  walkNode(doc, doc.contents, [], {
    decoded,
    env: options.env ?? process.env,
    at,
    interpolated: new WeakSet(),
    ancestors: [],
    targets: shape.targets,
    aliasLocationsLeft: ALIAS_LOCATIONS,
  });

  try {
    // Expansion is already bounded by checkDocumentShape; yaml's own count would refuse plain `<<: *defaults` reuse.
    decoded.value = doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    syntaxIssue(error instanceof Error ? error.message : String(error), at(0));
  }
  return decoded;
}

interface WalkContext {
  decoded: DecodedDocument;
  env: Env;
  at: (offset: number | undefined) => SourceLocation;
  interpolated: WeakSet<Node>;
  ancestors: Node[];
  /** Each alias's target, resolved once by checkDocumentShape. */
  targets: Map<Alias, Node>;
  /** How many more positions may be recorded under aliases (see ALIAS_LOCATIONS). */
  aliasLocationsLeft: number;
}

/**
 * Positions recorded for values reached through aliases, in all. An alias's target was already
 * walked where it is written (anchors come first): its variables are substituted and its duplicate
 * keys reported, so walking it again only records where its keys are. Within the expansion limit
 * a 275-byte document still unfolds to ~40,000 values, and recording each took ~400 ms of CPU
 * (seconds under load: `npm run fuzz` timed out on it). Past this budget a value under an alias is
 * located at the alias itself, its nearest written ancestor.
 */
const ALIAS_LOCATIONS = 10_000;

function walkNode(doc: Document, node: unknown, path: PathSegment[], context: WalkContext, merged = false): void {
  if (merged && context.aliasLocationsLeft <= 0) return;
  if (isAlias(node)) {
    const target = context.targets.get(node);
    // An alias to an enclosing node is recursive data; toJS reports it, we must not loop.
    if (target && !context.ancestors.includes(target)) walkNode(doc, target, path, context, true);
    return;
  }
  if (isScalar(node)) {
    interpolateScalar(node, path, context);
    return;
  }
  const record = (segments: PathSegment[], offset: number | undefined) => {
    const key = formatPath(segments);
    // Keys pulled in by an alias or a `<<` merge keep the position of the key written here, if any.
    if (!merged) context.decoded.locations.set(key, context.at(offset));
    else if (!context.decoded.locations.has(key)) {
      context.decoded.locations.set(key, context.at(offset));
      context.aliasLocationsLeft -= 1;
    }
  };
  if (isSeq(node)) {
    context.ancestors.push(node);
    node.items.forEach((item, index) => {
      record([...path, index], (item as Node | null)?.range?.[0]);
      walkNode(doc, item, [...path, index], context, merged);
    });
    context.ancestors.pop();
    return;
  }
  if (!isMap(node)) return;
  context.ancestors.push(node);
  const firstSeen = new Map<string, number | undefined>();
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const key = keyText(keyNode);
    if (key === '<<') {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) walkNode(doc, source, path, context, true);
      continue;
    }
    const offset = keyNode?.range?.[0];
    const segments = [...path, key];
    if (firstSeen.has(key)) {
      context.decoded.issues.push({
        path: formatPath(segments),
        message: `duplicate key "${key}"`,
        location: context.at(offset),
        related: [{ path: formatPath(segments), location: context.at(firstSeen.get(key)) }],
      });
    } else {
      firstSeen.set(key, offset);
    }
    record(segments, offset);
    walkNode(doc, pair.value, segments, context, merged);
  }
  context.ancestors.pop();
}

/**
 * A map key as text. A map or list used as a key (`? { a: 1 }`) is printed as YAML, and printing
 * can throw: `? <<: *a` (a merge of a non-map, found by npm run fuzz) threw out of the decoder
 * instead of becoming an issue. Such a key is never a valid config key; toJS reports the document.
 */
function keyText(keyNode: Node | null): string {
  if (isScalar(keyNode)) return String(keyNode.value);
  try {
    return String(keyNode);
  } catch {
    return '(a key YAML cannot print)';
  }
}

function interpolateScalar(node: Scalar, path: PathSegment[], context: WalkContext): void {
  if (typeof node.value !== 'string' || context.interpolated.has(node)) return;
  context.interpolated.add(node);
  const original = node.value;
  if (!original.includes('$')) return;
  const result = interpolateEnv(original, context.env);
  const location = context.at(node.range?.[0]);
  const where = formatPath(path);
  for (const name of result.missing) {
    context.decoded.issues.push({
      path: where,
      message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)`,
      location,
    });
  }
  for (const reference of result.malformed) {
    context.decoded.issues.push({
      path: where,
      message: `"${reference}" is not a variable reference: write \${NAME}, \${NAME:-default}, or $\${ for a literal \${`,
      location,
    });
  }
  if (result.missing.length > 0 || result.malformed.length > 0) {
    context.decoded.unresolvedPaths.push(where);
    return;
  }
  node.value = node.type === 'PLAIN' && isSingleReference(original) ? rereadScalar(result.value) : result.value;
}

/** `port: ${PORT:-8080}` written unquoted means the number 8080, as if the value had been typed there. */
function rereadScalar(text: string): unknown {
  if (text === '') return text;
  const reread = parseDocument(text);
  if (reread.errors.length > 0 || !isScalar(reread.contents)) return text;
  const value = reread.contents.value;
  return typeof value === 'string' && value !== text ? text : value;
}

/** The document refused for its nesting, before a parser recurses into it; undefined when it may be parsed. */
function guardNesting(text: string, options: DecodeOptions): DecodedDocument | undefined {
  const deep = findDeepNesting(text, options.format ?? 'yaml');
  if (deep === undefined) return undefined;
  const file = options.file ?? '<input>';
  return {
    file,
    value: undefined,
    locations: new Map(),
    issues: [{ path: '', message: `refused: maps and lists nest more than ${CONFIG_LIMITS.maxDepth} levels deep`, location: locationAt(text, deep, file) }],
    syntaxFailed: true,
    unresolvedPaths: [],
  };
}

function locationAt(text: string, offset: number, file: string): SourceLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { file, line, column: offset - before.lastIndexOf('\n') };
}

/**
 * `path: /api/users/{id}` inside `{ … }` makes the parser report every token after it; when the
 * first error's line (or one of the three before it, for a flow map spread over lines) has that
 * shape, the issues become the one that says to quote the value.
 */
function explainUnquotedBrace(text: string, decoded: DecodedDocument): void {
  const first = decoded.issues[0]?.location;
  if (first === undefined) return;
  for (let line = first.line; line >= Math.max(1, first.line - 3); line--) {
    const hint = findUnquotedBrace(text, line);
    if (!hint) continue;
    decoded.issues = [{ path: '', message: `invalid YAML: ${hint.message}`, location: { file: first.file, line, column: hint.column } }];
    return;
  }
}
