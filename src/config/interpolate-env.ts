/** The environment variables interpolation reads; `process.env` in production, a plain object in tests. */
export type Env = Record<string, string | undefined>;

/** The outcome of interpolating one string: the text, and the references that could not be resolved. */
export interface Interpolation {
  value: string;
  /** Variables referenced without a default that are unset. */
  missing: string[];
  /** References that are not `${NAME}` or `${NAME:-default}`, as written. */
  malformed: string[];
}

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in `text`; `$${` stands for a literal `${`.
 * As in the shell, `:-` uses the default when the variable is unset or empty.
 */
export function interpolateEnv(text: string, env: Env): Interpolation {
  const missing: string[] = [];
  const malformed: string[] = [];
  let value = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      value += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      value += text[i];
      i += 1;
      continue;
    }
    const end = text.indexOf('}', i + 2);
    if (end === -1) {
      malformed.push(text.slice(i));
      value += text.slice(i);
      break;
    }
    const inner = text.slice(i + 2, end);
    const reference = REFERENCE.exec(inner);
    if (!reference) {
      malformed.push(text.slice(i, end + 1));
      value += text.slice(i, end + 1);
    } else {
      const [, name, fallback] = reference;
      const found = env[name!];
      if (found !== undefined && (found !== '' || fallback === undefined)) value += found;
      else if (fallback !== undefined) value += fallback;
      else missing.push(name!);
    }
    i = end + 1;
  }
  return { value, missing, malformed };
}

/** True when `text` is exactly one `${...}` reference (and so may be re-read as a typed scalar). */
export function isSingleReference(text: string): boolean {
  return /^\$\{[^}]*\}$/.test(text);
}

/**
 * The inverse of {@link interpolateEnv} for a literal value: the text to write in a config file so
 * that reading it gives `value` back unchanged, whatever the environment. Every `${` becomes
 * `$${`; a `$` before it stays itself, because the reader takes a `$` that does not start `$${`
 * or `${` literally (`$${` → `$$${`, read back as `$` then `${`).
 */
export function escapeEnvReferences(value: string): string {
  // A function, since in a replacement string `$$` itself means one `$`.
  return value.replaceAll('${', () => '$${');
}
