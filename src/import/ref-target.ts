import { posix } from 'node:path';

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

export const isUrl = (text: string): boolean => ABSOLUTE_URL.test(text);

/**
 * The key of the document a `$ref` points into, from the key of the document holding it: an
 * absolute URL stays one, a relative reference resolves against a URL base as a URL and against
 * a file base as a normalised POSIX path relative to the main file's folder ('' is the main
 * file). The reader fetches under the same keys the importers look up in `ImportInput.files`.
 */
export function refTarget(base: string, refPath: string): string {
  if (refPath === '') return base;
  if (isUrl(refPath)) return refPath;
  if (isUrl(base)) return new URL(refPath, base).href;
  return posix.normalize(posix.join(posix.dirname(base === '' ? '.' : base), refPath));
}

/** `other.yaml#/a/b` → `{ file: 'other.yaml', pointer: '/a/b' }`. */
export function splitRef(ref: string): { file: string; pointer: string } {
  const hash = ref.indexOf('#');
  return hash < 0 ? { file: ref, pointer: '' } : { file: ref.slice(0, hash), pointer: ref.slice(hash + 1) };
}
