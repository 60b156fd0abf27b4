import { decodeInput } from '../decode-input.js';
import { refTarget, splitRef } from '../ref-target.js';

/** A node found by following `$ref`s, with the key of the document it sits in and its canonical name. */
export interface Located {
  readonly node: unknown;
  /** Key of its document ('' = the main document). */
  readonly base: string;
  /** `base#pointer`: equal for every path that leads to the same node. */
  readonly key: string;
}

export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function decodePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  let text = pointer;
  try {
    text = decodeURIComponent(pointer);
  } catch {
    // Not percent-encoded after all: take it as written.
  }
  return text
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Chains of references longer than this are taken as a loop. */
const MAX_HOPS = 32;

/**
 * Follows `$ref`s within the main document and across the files the reader fetched (local
 * files and URLs, keyed as in ref-target.ts). Other documents are decoded once, on first use.
 * A reference that leads nowhere resolves to undefined and the caller warns.
 */
export class RefResolver {
  private readonly documents = new Map<string, unknown>();

  constructor(
    main: unknown,
    mainBase: string,
    private readonly files: ReadonlyMap<string, string>,
  ) {
    this.documents.set(mainBase, main);
    this.mainBase = mainBase;
  }

  readonly mainBase: string;

  private document(key: string): unknown {
    if (this.documents.has(key)) return this.documents.get(key);
    const text = this.files.get(key);
    const decoded = text === undefined ? undefined : decodeInput({ path: key, text });
    const value = decoded?.ok ? decoded.value : undefined;
    this.documents.set(key, value);
    return value;
  }

  /** The node a `$ref` string names, seen from the document `base`. */
  lookup(ref: string, base: string): Located | undefined {
    const { file, pointer } = splitRef(ref);
    const target = refTarget(base, file);
    let node = this.document(target);
    for (const part of decodePointer(pointer)) {
      if (Array.isArray(node)) node = node[Number(part)];
      else if (isObject(node) && Object.hasOwn(node, part)) node = node[part];
      else return undefined;
    }
    return node === undefined ? undefined : { node, base: target, key: `${target}#${pointer}` };
  }

  /** Follows `$ref` until a node without one; undefined for a dangling or looping chain. */
  deref(node: unknown, base: string): Located | undefined {
    let current: Located = { node, base, key: '' };
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (!isObject(current.node) || typeof current.node.$ref !== 'string') return current;
      const next = this.lookup(current.node.$ref, current.base);
      if (next === undefined) return undefined;
      current = next;
    }
    return undefined;
  }
}
