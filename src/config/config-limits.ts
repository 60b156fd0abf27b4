/**
 * Bounds on reading a config text, whatever its source (file, include, API body, import): a text
 * that exceeds one is refused with an issue rather than read at any cost.
 */
export const CONFIG_LIMITS = {
  /** A config file or fragment; the admin API's body limit is the same. */
  maxBytes: 16 * 1024 * 1024,
  /**
   * Nesting of maps and lists. Hand-written configs stay far below; the code that walks a config
   * (validation, diff, write-back) recurses, and thousands of levels would overflow its stack.
   */
  maxDepth: 64,
  /**
   * Values that aliases (`*name`, `<<: *name`) add beyond those written in the text: at most this
   * many or as many as the text writes itself, whichever is more. An alias bomb (each level
   * repeating the previous one) grows exponentially; legitimate reuse stays linear.
   */
  minAliasExpansion: 100_000,
} as const;
