import type { ConfigListener } from '../config-listener.js';
import type { ConfigWatcher } from '../watch-config.js';

/** Keeps the watcher on the files the served config was read from (includes come and go, `m.reload('other.yaml')`). */
export function watchListener(watcher: () => ConfigWatcher | undefined): ConfigListener {
  return {
    name: 'watch',
    onFilesLoaded: (served) => watcher()?.update(served.files ?? []),
  };
}
