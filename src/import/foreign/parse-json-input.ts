import { decodeInput, type Decoded } from '../decode-input.js';
import type { ImportFile } from '../import-types.js';

/**
 * Parses a JSON input file (WireMock, Mockoon, mountebank, Postman, HAR) with the bounds every
 * import has (size, nesting: the converters walk matchers and bodies recursively, so a hostile
 * `not` ten thousand deep is an error, not a stack overflow); a syntax error comes back with its
 * line and column.
 */
export function parseJsonInput(file: ImportFile): Decoded {
  return decodeInput(file, { json: true });
}
