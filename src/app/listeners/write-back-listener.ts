import { basename } from 'node:path';
import type { Config } from '../../config/index.js';
import type { ConfigRejection, EventBus } from '../../control/index.js';
import type { Logger } from '../../observe/index.js';
import type { ConfigFileHashes } from '../config-file-hashes.js';
import type { ConfigListener } from '../config-listener.js';
import type { ServedConfig } from '../served-config.js';
import { describeChangedFiles, findChangedFiles, writeBack } from '../write-back.js';

export interface WriteBackListenerDeps {
  readonly initial: ServedConfig;
  /** Shared with the watcher: what the files held when loaded or written. */
  readonly hashes: ConfigFileHashes;
  readonly logger: Logger;
  readonly bus: EventBus;
  /** False: no change is written to the files (MimicusOptions.writeBack, `npm start`); they serve from memory and are kept as versions. */
  readonly enabled: boolean;
}

/**
 * Writes a change back to the config file it came from (see writeBack), before it serves: an edit
 * on disk that Mimicus has not loaded refuses the change (409 CONFIG_FILE_CHANGED) and nothing is
 * applied. A file it may not write (an older config version, no permission) lets the change serve
 * from memory, with a warning.
 */
export function writeBackListener(deps: WriteBackListenerDeps): ConfigListener {
  const { hashes, logger, bus } = deps;
  /** The config the files hold, as last loaded or written: what an edit is computed against. */
  let inFiles: Config | undefined = deps.initial.file !== undefined ? deps.initial.config : undefined;
  /** Set by `m.reload(config)` without writeBack: the files no longer hold what serves. */
  let detached = false;

  const warn = (code: string, message: string, fields: Record<string, unknown>) => {
    logger.warn(fields, message);
    bus.publish({ type: 'warning', data: { code, message } });
    return { warning: message };
  };
  const fileChanged = (files: readonly string[], reason: string): ConfigRejection => {
    logger.warn({ files }, reason);
    bus.publish({ type: 'warning', data: { code: 'CONFIG_FILE_CHANGED', message: reason } });
    return { code: 'CONFIG_FILE_CHANGED', detail: reason, issues: [{ path: '', message: reason }] };
  };

  return {
    name: 'write-back',
    async commit({ change, previous, next, fromFiles }) {
      if (fromFiles) return undefined;
      if (!deps.enabled) {
        if (change.writeBack && next.file !== undefined)
          logger.info({ file: next.file }, `change serves from memory and is kept as a version; ${next.file} is left as it is (write-back is off)`);
        return undefined;
      }
      if (previous.file === undefined || next.file === undefined || inFiles === undefined) {
        // Asked for in so many words (reload(config, { writeBack: true })): say why nothing was written.
        return change.writeBack && change.source === 'programmatic'
          ? { warning: 'not written back: this Mimicus serves a config object, not a file' }
          : undefined;
      }
      if (!change.writeBack) {
        // Only code in this process changes the config without writing it (m.reload(config)).
        detached = true;
        return undefined;
      }
      const changed = await findChangedFiles(previous.files ?? [previous.file], hashes.basis);
      if (changed.length > 0) return fileChanged(changed, `the change was not applied: ${describeChangedFiles(changed)}`);
      if (detached && change.source !== 'programmatic') {
        const name = basename(next.file);
        return warn(
          'WRITE_BACK_SKIPPED',
          `config change serves but was not written back: the served config came from reload() without writeBack, which ${name} does not hold; reload ${name} (POST /api/config/reload) to edit it through the API again`,
          { file: next.file },
        );
      }
      try {
        const outcome = await writeBack({ file: next.file, endpointFiles: next.endpointFiles, keyFiles: next.keyFiles }, inFiles, next.config, hashes);
        if (outcome.kind === 'changed-on-disk') return fileChanged(outcome.files, `the change was not applied: ${describeChangedFiles(outcome.files)}`);
        if (outcome.kind === 'refused')
          return warn('WRITE_BACK_REFUSED', `config change serves but was not written back: ${outcome.reason}`, { file: next.file });
        inFiles = next.config;
        detached = false;
        return undefined;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.error({ err: error, file: next.file }, 'config change could not be written back to the file; it serves from memory');
        bus.publish({
          type: 'warning',
          data: { code: 'WRITE_BACK_FAILED', message: `config change serves from memory only: writing ${next.file} failed (${reason})` },
        });
        return { warning: `config change serves from memory only: writing ${basename(next.file)} failed (${reason})` };
      }
    },
    onFilesLoaded(served) {
      hashes.adopt(served.fileHashes);
      inFiles = served.config;
      detached = false;
    },
  };
}
