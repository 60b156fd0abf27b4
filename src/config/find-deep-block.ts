/**
 * The offset of the first line whose block collections open more than `limit` levels deep, or
 * undefined. Each line counts one level for what it starts, plus one for each `- ` or `? ` written
 * before it on that line (`- - - x` nests three lists), on top of the levels of the nearest line
 * above it that is less indented.
 *
 * A guard in front of the YAML parsers, whose block parsing recurses with depth: about 1,000 levels
 * (2 KB of `- - - …`) make V8 fail fatally ("RegExpCompiler Allocation failed - process out of
 * memory") when it compiles a regex at the bottom of that stack, which kills the process instead of
 * throwing. Approximate, like findDeepFlow: it only has to be cheap and never refuse a real config,
 * so lines inside block scalars count too, which is why `limit` is far above the nesting a config
 * may have.
 */
export function findDeepBlock(text: string, limit: number): number | undefined {
  // Open levels, innermost last: the indentation of the line that opened them and their depth.
  const indents: number[] = [];
  const depths: number[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const end = newline === -1 ? text.length : newline;
    let i = lineStart;
    while (i < end && text[i] === ' ') i++;
    const indent = i - lineStart;
    if (i < end && text[i] !== '#' && text[i] !== '\r') {
      let opened = 1;
      while ((text[i] === '-' || text[i] === '?') && (i + 1 === end || text[i + 1] === ' ' || text[i + 1] === '\r')) {
        opened++;
        i += 1;
        while (i < end && text[i] === ' ') i++;
      }
      while (indents.length > 0 && (indents.at(-1) as number) >= indent) {
        indents.pop();
        depths.pop();
      }
      const depth = (depths.at(-1) ?? 0) + opened;
      if (depth > limit) return lineStart + indent;
      indents.push(indent);
      depths.push(depth);
    }
    lineStart = end + 1;
  }
  return undefined;
}
