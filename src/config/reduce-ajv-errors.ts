import type { ErrorObject } from 'ajv';
import { didYouMean } from './did-you-mean.js';
import { formatPath, type PathSegment } from './issue-path.js';
import type { ConfigIssue } from './result.js';

type SchemaNode = Record<string, unknown>;

/** Where a schema node sits: its parent, and whether going from parent to it goes one level into the data. */
interface NodePlace {
  parent: SchemaNode;
  descends: boolean;
}

interface SchemaIndex {
  root: SchemaNode;
  places: WeakMap<SchemaNode, NodePlace>;
}

/** Ajv reports errors in post-order: an anyOf's branch errors come right before the anyOf error. */
type ErrorTree = { kind: 'leaf'; error: ErrorObject; at: PathSegment[] } | { kind: 'union'; error: ErrorObject; at: PathSegment[]; children: ErrorTree[] };

interface Draft {
  at: PathSegment[];
  message: string;
  /** The message came from an `errorMessage` keyword, so an enclosing one must not replace it. */
  custom: boolean;
}

const indexes = new WeakMap<object, SchemaIndex>();

/**
 * Turns Ajv's flat error list into one human message per problem: `errorMessage` on a schema node
 * replaces generic text for failures under it; anyOf failures are narrowed to the branch that fits
 * the value; unknown keys get a did-you-mean; required, enum and const name what is expected.
 */
export function reduceAjvErrors(errors: readonly ErrorObject[], schema: SchemaNode, data: unknown): ConfigIssue[] {
  const index = indexOf(schema);
  const drafts = reduceTrees(buildTrees(errors, data), index);
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const draft of drafts) {
    const issue = { path: formatPath(draft.at), message: draft.message };
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function buildTrees(errors: readonly ErrorObject[], data: unknown): ErrorTree[] {
  const trees: ErrorTree[] = [];
  for (const error of errors) {
    const at = segmentsOf(error.instancePath, data);
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      trees.push({ kind: 'leaf', error, at });
      continue;
    }
    // Its branch errors are the trailing run of errors at or below its own data path: a union
    // node in our schema carries no other keyword that could have reported there first.
    let start = trees.length;
    while (start > 0 && isWithin(trees[start - 1]!.at, at)) start -= 1;
    trees.push({ kind: 'union', error, at, children: trees.splice(start) });
  }
  return trees;
}

function reduceTrees(trees: readonly ErrorTree[], index: SchemaIndex): Draft[] {
  return trees.flatMap((tree) => (tree.kind === 'leaf' ? [reduceLeaf(tree.error, tree.at, index)] : reduceUnion(tree, index)));
}

function reduceLeaf(error: ErrorObject, at: PathSegment[], index: SchemaIndex): Draft {
  const custom = enclosingMessage(error.parentSchema as SchemaNode, at, index);
  if (custom) return custom;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as SchemaNode).properties ?? {});
      return { at: [...at, key], message: unknownKeyMessage(key, allowed, allowed), custom: false };
    }
    case 'required':
      return { at, message: `missing required key "${String(params.missingProperty)}"`, custom: false };
    case 'type':
      return { at, message: `must be ${describeType(String(params.type))}`, custom: false };
    case 'const':
      return { at, message: `must be ${JSON.stringify(params.allowedValue)}`, custom: false };
    case 'enum':
      return { at, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, custom: false };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { at, message: `must be ${String(params.comparison)} ${String(params.limit)}`, custom: false };
    case 'minItems':
      return { at, message: params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} items`, custom: false };
    case 'maxItems':
      return { at, message: `must have at most ${String(params.limit)} items`, custom: false };
    case 'minLength':
      return { at, message: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`, custom: false };
    case 'maxLength':
      return { at, message: `must be at most ${String(params.limit)} characters`, custom: false };
    case 'pattern':
      return { at, message: `must match the pattern ${String(params.pattern)}`, custom: false };
    default:
      return { at, message: error.message ?? `fails the "${error.keyword}" rule`, custom: false };
  }
}

function reduceUnion(tree: Extract<ErrorTree, { kind: 'union' }>, index: SchemaIndex): Draft[] {
  const union = tree.error.parentSchema as SchemaNode;
  const branches = (tree.error.schema as SchemaNode[]).map((branch) => resolve(branch, index));
  const value = tree.error.data;
  const custom = enclosingMessage(union, tree.at, index);
  const fitting = branches.flatMap((branch, i) => (fitsType(branch, value, index) ? [i] : []));

  if (isPlainObject(value)) {
    const objectBranches = fitting.filter((i) => Array.isArray(branches[i]!.required));
    const chosen = objectBranches.filter((i) => (branches[i]!.required as string[]).every((key) => key in value));
    if (chosen.length === 1) return reduceBranch(tree, chosen[0]!, branches, custom, index);
    if (objectBranches.length > 0 && !custom)
      return explainObjectUnion(
        tree.at,
        value,
        objectBranches.map((i) => branches[i]!),
        chosen.length > 1,
      );
  }
  if (fitting.length === 1) return reduceBranch(tree, fitting[0]!, branches, custom, index);
  if (custom) return [withSuggestion(custom, value, branches, index)];
  return [{ at: tree.at, message: `must be ${joinAlternatives(branches.flatMap((b) => describeBranch(b, index)))}`, custom: false }];
}

function reduceBranch(
  tree: Extract<ErrorTree, { kind: 'union' }>,
  branchIndex: number,
  branches: SchemaNode[],
  custom: Draft | undefined,
  index: SchemaIndex,
): Draft[] {
  const branch = (tree.error.schema as SchemaNode[])[branchIndex]!;
  const children = tree.children.filter((child) => belongsTo(child, branch, tree.at, index));
  const drafts = reduceTrees(children, index);
  if (drafts.length === 0)
    return [custom ?? { at: tree.at, message: `must be ${joinAlternatives(describeBranch(branches[branchIndex]!, index))}`, custom: false }];
  // Failures that crossed a $ref did not see this union's errorMessage on their way up.
  return custom ? drafts.map((draft) => (draft.custom ? draft : custom)) : drafts;
}

/** An object matched no branch of a union of objects, e.g. a predicate `{ regx: "^t-" }`. */
function explainObjectUnion(at: PathSegment[], value: Record<string, unknown>, branches: SchemaNode[], ambiguous: boolean): Draft[] {
  const discriminators = unique(branches.flatMap((b) => b.required as string[]));
  if (ambiguous) {
    const given = discriminators.filter((key) => key in value).map((key) => `"${key}"`);
    return [{ at, message: `use only one of ${given.join(', ')}`, custom: false }];
  }
  const known = unique(branches.flatMap((b) => Object.keys((b.properties as SchemaNode | undefined) ?? {})));
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length === 0) return [{ at, message: `must have one of the keys ${discriminators.join(', ')}`, custom: false }];
  return unknown.map((key) => ({ at: [...at, key], message: unknownKeyMessage(key, discriminators, known), custom: false }));
}

/** `method: get` is almost certainly GET: name the allowed constant a string is closest to. */
function withSuggestion(draft: Draft, value: unknown, branches: SchemaNode[], index: SchemaIndex): Draft {
  if (typeof value !== 'string') return draft;
  const constants = branches.flatMap((b) => constantsOf(b, index)).filter((c) => c !== value);
  const suggestion = didYouMean(value, constants);
  return suggestion ? { ...draft, message: `${draft.message} (did you mean "${suggestion}"?)` } : draft;
}

function constantsOf(branch: SchemaNode, index: SchemaIndex): string[] {
  if (Array.isArray(branch.anyOf)) return (branch.anyOf as SchemaNode[]).flatMap((b) => constantsOf(resolve(b, index), index));
  return typeof branch.const === 'string' ? [branch.const] : [];
}

function unknownKeyMessage(key: string, listed: string[], candidates: string[]): string {
  const suggestion = didYouMean(key, listed) ?? didYouMean(key, candidates);
  if (suggestion) return `unknown key "${key}" (did you mean "${suggestion}"?)`;
  return listed.length > 0 ? `unknown key "${key}" (expected one of ${listed.join(', ')})` : `unknown key "${key}"`;
}

/** The innermost `errorMessage` on the way from `node` up to its definition's root, placed at the data it describes. */
function enclosingMessage(node: SchemaNode | undefined, at: PathSegment[], index: SchemaIndex): Draft | undefined {
  let levelsUp = 0;
  for (let current = node; current;) {
    if (typeof current.errorMessage === 'string') {
      return { at: at.slice(0, Math.max(0, at.length - levelsUp)), message: current.errorMessage, custom: true };
    }
    const place = index.places.get(current);
    if (!place) return undefined;
    if (place.descends) levelsUp += 1;
    current = place.parent;
  }
  return undefined;
}

/** Whether an error under a union came from the given branch (directly, or through a $ref inside it). */
function belongsTo(child: ErrorTree, branch: SchemaNode, unionAt: PathSegment[], index: SchemaIndex): boolean {
  const relative = child.at.slice(unionAt.length);
  let levels = 0;
  for (let current = child.error.parentSchema as SchemaNode | undefined; current;) {
    if (current === branch) return levels === relative.length;
    const place = index.places.get(current);
    if (!place) break;
    if (place.descends) levels += 1;
    current = place.parent;
  }
  // Errors inside a $ref'd definition report paths relative to it: follow the data path through the branch.
  let node: SchemaNode | undefined = branch;
  for (const segment of relative) {
    if (!node || typeof node.$ref === 'string') break;
    node = childSchema(node, segment);
  }
  return typeof node?.$ref === 'string';
}

function childSchema(node: SchemaNode, segment: PathSegment): SchemaNode | undefined {
  if (typeof segment === 'number') return isPlainObject(node.items) ? node.items : undefined;
  const properties = node.properties as Record<string, SchemaNode> | undefined;
  if (properties && Object.hasOwn(properties, segment)) return properties[segment];
  for (const [pattern, schema] of Object.entries((node.patternProperties as Record<string, SchemaNode> | undefined) ?? {})) {
    if (new RegExp(pattern, 'u').test(segment)) return schema;
  }
  return isPlainObject(node.additionalProperties) ? node.additionalProperties : undefined;
}

function fitsType(branch: SchemaNode, value: unknown, index: SchemaIndex): boolean {
  if (Array.isArray(branch.anyOf)) return (branch.anyOf as SchemaNode[]).some((b) => fitsType(resolve(b, index), value, index));
  if ('const' in branch) return typeof branch.const === typeof value;
  const type = branch.type;
  if (typeof type !== 'string') return true;
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number';
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function describeBranch(branch: SchemaNode, index: SchemaIndex): string[] {
  if (Array.isArray(branch.anyOf)) return (branch.anyOf as SchemaNode[]).flatMap((b) => describeBranch(resolve(b, index), index));
  if ('const' in branch) return [JSON.stringify(branch.const)];
  if (branch.type === 'object' && Array.isArray(branch.required) && branch.required.length > 0) {
    return [`an object with one of the keys ${(branch.required as string[]).join(', ')}`];
  }
  return [describeType(String(branch.type ?? 'value'))];
}

/** "a string, a number or an object with one of the keys a, b": object branches merge into one alternative. */
function joinAlternatives(alternatives: string[]): string {
  const prefix = 'an object with one of the keys ';
  const objectKeys = alternatives.filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
  const merged = unique([...alternatives.filter((a) => !a.startsWith(prefix)), ...(objectKeys.length > 0 ? [`${prefix}${objectKeys.join(', ')}`] : [])]);
  if (merged.length <= 1) return merged[0] ?? 'valid';
  return merged.length === 2 ? `${merged[0]!} or ${merged[1]!}` : `${merged.slice(0, -1).join(', ')}, or ${merged.at(-1)!}`;
}

function describeType(type: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    object: 'an object (key: value pairs)',
    array: 'a list',
    null: 'null',
  };
  return names[type] ?? type;
}

function resolve(node: SchemaNode, index: SchemaIndex): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return node;
  return (index.root.$defs as Record<string, SchemaNode>)[ref.slice('#/$defs/'.length)] ?? node;
}

function indexOf(schema: SchemaNode): SchemaIndex {
  const cached = indexes.get(schema);
  if (cached) return cached;
  const index: SchemaIndex = { root: schema, places: new WeakMap() };
  const visit = (node: unknown, parent: SchemaNode | undefined, descends: boolean) => {
    if (!isPlainObject(node)) return;
    if (parent) index.places.set(node, { parent, descends });
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === 'properties' || keyword === 'patternProperties') {
        for (const child of Object.values(value as SchemaNode)) visit(child, node, true);
      } else if (keyword === 'items' || keyword === 'additionalProperties') {
        visit(value, node, true);
      } else if (keyword === 'anyOf' || keyword === 'oneOf' || keyword === 'allOf') {
        for (const child of value as unknown[]) visit(child, node, false);
      } else if (keyword === 'not') {
        visit(value, node, false);
      } else if (keyword === '$defs') {
        // Each definition is a root of its own: Ajv reports paths inside it relative to it.
        for (const child of Object.values(value as SchemaNode)) visit(child, undefined, false);
      }
    }
  };
  visit(schema, undefined, false);
  indexes.set(schema, index);
  return index;
}

function segmentsOf(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const segment: PathSegment = Array.isArray(current) ? Number(key) : key;
    segments.push(segment);
    current = isPlainObject(current) || Array.isArray(current) ? (current as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return segments;
}

function isWithin(path: readonly PathSegment[], ancestor: readonly PathSegment[]): boolean {
  return path.length >= ancestor.length && ancestor.every((segment, i) => path[i] === segment);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
