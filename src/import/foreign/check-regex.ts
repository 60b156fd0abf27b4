import { compilePattern } from '../../config/index.js';

/**
 * Whether a foreign regex (Java, JavaScript) runs in our RE2 engine: undefined when it does, else
 * why not (backreferences, lookaround, too large). The caller warns and does the nearest thing.
 */
export function regexProblem(source: string, flags = ''): string | undefined {
  const compiled = compilePattern(source, { flags });
  return compiled.ok ? undefined : compiled.error;
}

/** Escapes text for use inside a regex. */
export const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
