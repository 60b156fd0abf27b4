import type { Config } from '../../config/index.js';

export const REDACTED = '<redacted>';

/** API key secrets never land in the version history (the admin block is fixed at start anyway). */
export function redactSecrets(config: Config): Config {
  if (!config.admin?.apiKeys) return config;
  return { ...config, admin: { ...config.admin, apiKeys: config.admin.apiKeys.map((key) => ({ ...key, key: REDACTED })) } };
}
