import { findDeepBlock } from './find-deep-block.js';
import { findDeepFlow } from './find-deep-flow.js';

/**
 * How deep maps and lists may nest in any text we decode (configs, imported documents): far above
 * what a real file needs, far below the ~1,000 levels at which a recursive parser or walker
 * overflows the stack.
 */
export const NESTING_GUARD = 256;

/**
 * The offset where maps and lists nest deeper than {@link NESTING_GUARD}, or undefined: brackets
 * (JSON and YAML flow style), and for YAML also block indentation. The one guard run before any
 * parser recurses into a text.
 */
export function findDeepNesting(text: string, format: 'json' | 'yaml'): number | undefined {
  return findDeepFlow(text, NESTING_GUARD) ?? (format === 'yaml' ? findDeepBlock(text, NESTING_GUARD) : undefined);
}
