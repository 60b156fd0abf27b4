/** `read`: GET routes and events; `admin`: everything. */
export type AdminRole = 'read' | 'admin';

/** A stored API key as the API shows it: never its secret. */
export interface StoredApiKey {
  readonly id: number;
  readonly name: string;
  readonly role: AdminRole;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly revoked: boolean;
}

/**
 * API keys created through `/api/keys`, kept hashed: a port `app/` opens (SQLite in
 * `<dataDir>/control.sqlite`, or memory without a data dir), proven by api-key-store.contract.ts.
 */
export interface ApiKeyStore {
  /** Creates a key; the secret is returned here and never again. */
  create(input: { readonly name: string; readonly role: AdminRole }): Promise<{ readonly key: StoredApiKey; readonly secret: string }>;
  /** Every stored key, revoked ones included, oldest first. */
  list(): Promise<readonly StoredApiKey[]>;
  /** false when no key has this id. Revoking a revoked key changes nothing. */
  revoke(id: number): Promise<boolean>;
  /** The unrevoked key with this secret (its last use is recorded), or undefined. */
  authenticate(secret: string): Promise<StoredApiKey | undefined>;
  /** Whether any key was ever stored: from then on, every admin request needs a key. */
  hasAny(): Promise<boolean>;
  close(): Promise<void>;
}

export interface ApiKeyStoreOptions {
  /** Epoch milliseconds for creation and last-use times. */
  readonly now?: () => number;
}
