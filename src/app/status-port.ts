import { readFileSync } from 'node:fs';
import type { ControlStatus, DryRunPort, StatusPort } from '../control/index.js';
import type { Plan } from '../plan/index.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export interface StatusPortDeps {
  readonly startedAt: Date;
  readonly dataDir: string | false;
  /** The data plane's URL once it listens (the console shows it). */
  readonly dataPlaneUrl?: () => string | undefined;
  readonly plan: () => Plan;
  readonly configFile: () => string | undefined;
  readonly dryRun: Pick<DryRunPort, 'activeWindows'>;
  /** With Redis: this instance and the others seen. */
  readonly cluster?: () => ControlStatus['cluster'];
}

/** `GET /api/status`: the package version, the Plan being served, where data lives, the windows in force. */
export function createStatusPort(deps: StatusPortDeps): StatusPort {
  return {
    status(): ControlStatus {
      const plan = deps.plan();
      const file = deps.configFile();
      return {
        version,
        startedAt: deps.startedAt,
        planId: plan.id,
        endpoints: plan.endpoints.length,
        workflows: plan.workflows.length,
        dataDir: deps.dataDir,
        ...(deps.dataPlaneUrl?.() ? { dataPlaneUrl: deps.dataPlaneUrl()! } : {}),
        ...(file ? { configFile: file } : {}),
        activeWindows: deps.dryRun.activeWindows(),
        ...(deps.cluster ? { cluster: deps.cluster() } : {}),
      };
    },
  };
}
