/** How big a tree a graph of shared nodes unfolds into. */
export interface GraphMeasure {
  /** Levels of nesting once unfolded (each node counts its own `level`). */
  depth: number;
  /** Values once unfolded: every shared node counted as often as it is reached. */
  unfolded: number;
  /** Values as written: every distinct node counted once. */
  distinct: number;
  /** A node reaches itself: unfolding never ends. */
  cyclic: boolean;
}

/** What one node contributes: the nodes below it, its scalar values, and whether it is a level. */
export interface GraphNodeParts<T> {
  readonly children: readonly T[];
  readonly scalars: number;
  readonly level: 0 | 1;
}

interface Frame<T> {
  node: T;
  parts: GraphNodeParts<T>;
  next: number;
  depth: number;
  unfolded: number;
}

/**
 * Measures a graph whose nodes may be shared (YAML aliases, objects reused by reference) without
 * unfolding it: each distinct node is visited once and remembers its own measure, so an alias bomb
 * that would unfold into billions of values costs as much as its text. Iterative, so arbitrarily
 * deep input cannot overflow the stack; measures are floats (an exponential count stays finite).
 */
export function measureGraph<T extends object>(
  root: T,
  partsOf: (node: T) => GraphNodeParts<T>,
): GraphMeasure & { measured: Map<T, { depth: number; unfolded: number }> } {
  const measured = new Map<T, { depth: number; unfolded: number }>();
  const open = new Set<T>();
  let distinct = 0;
  const frame = (node: T): Frame<T> => {
    const parts = partsOf(node);
    open.add(node);
    distinct += 1 + parts.scalars;
    return { node, parts, next: 0, depth: 0, unfolded: 0 };
  };
  const stack: Frame<T>[] = [frame(root)];
  let result = { depth: 0, unfolded: 0 };
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.parts.children.length) {
      const child = top.parts.children[top.next++]!;
      if (open.has(child)) return { depth: Infinity, unfolded: Infinity, distinct, cyclic: true, measured };
      const known = measured.get(child);
      if (known) {
        top.depth = Math.max(top.depth, known.depth);
        top.unfolded += known.unfolded;
      } else {
        stack.push(frame(child));
      }
      continue;
    }
    stack.pop();
    open.delete(top.node);
    const own = { depth: top.depth + top.parts.level, unfolded: top.unfolded + top.parts.level + top.parts.scalars };
    measured.set(top.node, own);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.depth = Math.max(parent.depth, own.depth);
      parent.unfolded += own.unfolded;
    } else {
      result = own;
    }
  }
  return { ...result, distinct, cyclic: false, measured };
}
