import { hashOf, isOurSecret, newSecret } from './api-key-secret.js';
import type { ApiKeyStore, ApiKeyStoreOptions, StoredApiKey } from './api-key-store.js';

interface Held {
  key: StoredApiKey;
  readonly hash: string;
}

/**
 * The stored API keys in memory: for a Mimicus without a data directory, and for tests. Kept
 * hashed as in SQLite, so a heap dump shows no secret. Key creation is an admin-role route whose
 * input the key routes bound, so the number of keys grows only as an admin asks.
 */
export function createMemoryApiKeyStore(options: ApiKeyStoreOptions = {}): ApiKeyStore {
  const now = options.now ?? Date.now;
  const keys: Held[] = [];
  const byHash = new Map<string, Held>();

  return {
    async create({ name, role }) {
      const secret = newSecret();
      const held: Held = { key: { id: keys.length + 1, name, role, createdAt: new Date(now()).toISOString(), revoked: false }, hash: hashOf(secret) };
      keys.push(held);
      byHash.set(held.hash, held);
      return { key: held.key, secret };
    },
    async list() {
      return keys.map((held) => held.key);
    },
    async revoke(id) {
      const held = Number.isInteger(id) && id >= 1 ? keys[id - 1] : undefined;
      if (held === undefined) return false;
      held.key = { ...held.key, revoked: true };
      return true;
    },
    async authenticate(secret) {
      if (!isOurSecret(secret)) return undefined;
      const held = byHash.get(hashOf(secret));
      if (held === undefined || held.key.revoked) return undefined;
      held.key = { ...held.key, lastUsedAt: new Date(now()).toISOString() };
      return held.key;
    },
    async hasAny() {
      return keys.length > 0;
    },
    async close() {},
  };
}
