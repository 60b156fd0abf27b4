/** The config version this build reads; older versions are migrated up to it. */
export const CURRENT_CONFIG_VERSION = 2;
