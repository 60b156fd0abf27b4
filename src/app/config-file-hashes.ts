/** Per config file, the hash of its content. */
export type KnownHashes = Map<string, string>;

/**
 * Per config file: `seen`, the content the watcher has already handled (applied or rejected), and
 * `basis`, the content the served config was loaded from or last written as. Write-back needs the
 * file to still be its basis; a rejected edit is seen but never becomes the basis.
 */
export interface ConfigFileHashes {
  readonly seen: KnownHashes;
  readonly basis: KnownHashes;
  /** The files were loaded with this content (or written as it): seen, and the basis from now on. */
  adopt(hashes: ReadonlyMap<string, string> | undefined): void;
}

export function createConfigFileHashes(): ConfigFileHashes {
  const seen: KnownHashes = new Map();
  const basis: KnownHashes = new Map();
  return {
    seen,
    basis,
    adopt(hashes) {
      for (const [file, hash] of hashes ?? []) {
        seen.set(file, hash);
        basis.set(file, hash);
      }
    },
  };
}
