import type { ImportFile, Importer } from './import-types.js';
import { importers } from './importers.js';

/** The first registered importer that recognises the decoded document, if any. */
export function detectFormat(document: unknown, file: ImportFile, candidates: readonly Importer[] = importers): Importer | undefined {
  return candidates.find((importer) => {
    try {
      return importer.detect(document, file);
    } catch {
      // A sniff that trips over an odd document just does not recognise it.
      return false;
    }
  });
}
