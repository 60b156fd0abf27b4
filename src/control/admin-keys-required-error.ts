import { AppError } from '../errors/index.js';

/** Thrown when the admin API would listen beyond loopback with no API keys. */
export class AdminKeysRequiredError extends AppError {
  constructor(host: string) {
    super(
      'ADMIN_KEYS_REQUIRED',
      `the admin API would listen on ${host}, beyond loopback, with no API keys: add admin.apiKeys ` +
        `(e.g. [{ name: ci, key: "\${MIMICUS_ADMIN_KEY}" }]), set admin.host to 127.0.0.1, or start with --no-admin`,
    );
  }
}
