import { createHash, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'mim_';

/** A new secret: 32 random bytes behind our prefix. */
export const newSecret = (): string => `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;

/** Only our own format is looked up: other strings cannot be stored keys. */
export const isOurSecret = (secret: string): boolean => secret.startsWith(SECRET_PREFIX);

/**
 * SHA-256 without salt or stretching is enough here: the secrets are 32 random bytes, so there is
 * no dictionary to try and no way to brute-force them, unlike passwords. It also lets a key be
 * found by its hash; that lookup is not constant-time, but its timing can only tell about hashes,
 * which reveal nothing about a secret.
 */
export const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');
