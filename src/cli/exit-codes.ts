/**
 * The CLI's exit codes, one per kind of failure a script may want to tell apart (docs/cli.md lists
 * them). Never renumber one: scripts test for them.
 */
export const exitCodes = {
  ok: 0,
  /** The config has problems (`CONFIG_INVALID`), or `validate` found one; `state get/delete` of a key that is not set. */
  configInvalid: 1,
  /** Unknown option or command, a missing or malformed argument. */
  usage: 2,
  /** A port to listen on is taken, or cannot be bound (EADDRINUSE, EACCES, EADDRNOTAVAIL). */
  portUnavailable: 3,
  /** The config file does not exist (`CONFIG_NOT_FOUND`). */
  configNotFound: 4,
  /** The data directory cannot be created or written (`DATA_DIR_UNUSABLE`, `STATE_DATA_DIR_NOT_FOUND`). */
  dataDirUnusable: 5,
  /** Any other operational refusal (`ADMIN_KEYS_REQUIRED`, a state scope that is not one, a file that exists). */
  refused: 6,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
