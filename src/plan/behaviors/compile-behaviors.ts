import type { Config, ConfigIssue, Endpoint, Result, ScheduleWindowConfig } from '../../config/index.js';
import { compileLatency } from '../../distributions/index.js';
import type { ResponseCompileContext } from '../responders/compile-response.js';
import { compileResponse } from '../responders/compile-response.js';
import { compileSchedule } from '../schedule/index.js';
import type { CompiledSchedule } from '../schedule-types.js';
import type { PlanWorkflow } from '../workflows/index.js';
import { compileFaults } from './compile-faults.js';
import { compileRateLimit } from './compile-rate-limit.js';
import { compileBandwidth } from './compile-bandwidth.js';
import type { Behavior, RateLimitSpec, WindowBehavior } from './types.js';

/** Everything that shapes how one endpoint behaves, precedence already applied. */
export interface EndpointBehaviors {
  /** defaults < workflow overrides (by precedence) < endpoint. */
  readonly base: Behavior;
  readonly schedule: CompiledSchedule | undefined;
  /** One per schedule window: the base with the window's own blocks on top. */
  readonly windows: readonly WindowBehavior[];
  /** No behavior and no schedule: the engine answers without looking further (its fast path). */
  readonly passive: boolean;
}

type Blocks = Pick<Endpoint, 'latency' | 'errors' | 'rateLimit' | 'bandwidth'>;
type Level = { readonly blocks: Blocks | undefined; readonly at: string };

/** Where a block comes from: the most specific level that sets it, and its config path there. */
const pick = <K extends keyof Blocks>(key: K, levels: readonly Level[]) => {
  for (const level of levels) {
    const value = level.blocks?.[key];
    if (value !== undefined) return { value: value as NonNullable<Blocks[K]>, at: `${level.at}.${key}` };
  }
  return undefined;
};

async function compileBehavior(
  levels: readonly Level[],
  sharedLimits: readonly RateLimitSpec[],
  owner: string,
  context: ResponseCompileContext,
): Promise<Result<Behavior, ConfigIssue[]>> {
  const issues: ConfigIssue[] = [];
  const collect = <T>(result: Result<T, ConfigIssue[]> | undefined): T | undefined => {
    if (result === undefined) return undefined;
    if (!result.ok) {
      issues.push(...result.error);
      return undefined;
    }
    return result.value;
  };
  const latency = pick('latency', levels);
  const errors = pick('errors', levels);
  const rateLimit = pick('rateLimit', levels);
  const bandwidth = pick('bandwidth', levels);
  const behavior: Behavior = {
    latency: collect(latency && compileLatency(latency.value, latency.at)),
    ...(latency?.value.mode === 'total' ? { latencyTotal: true } : {}),
    faults: collect(errors && (await compileFaults(errors.value, errors.at, context))),
    rateLimit: collect(rateLimit && compileRateLimit(rateLimit.value, rateLimit.at, owner)),
    bandwidthBytesPerSecond: collect(bandwidth && compileBandwidth(bandwidth.value, bandwidth.at)),
    sharedLimits,
  };
  return issues.length > 0 ? { ok: false, error: issues } : { ok: true, value: behavior };
}

async function compileWindow(
  window: ScheduleWindowConfig,
  index: number,
  at: string,
  baseLevels: readonly Level[],
  sharedLimits: readonly RateLimitSpec[],
  owner: string,
  context: ResponseCompileContext,
): Promise<Result<WindowBehavior, ConfigIssue[]>> {
  const behavior = await compileBehavior([{ blocks: window, at }, ...baseLevels], sharedLimits, owner, context);
  const responder = window.response ? await compileResponse(window.response, `${at}.response`, context) : undefined;
  const issues = [...(behavior.ok ? [] : behavior.error), ...(responder && !responder.ok ? responder.error : [])];
  if (!behavior.ok || issues.length > 0) return { ok: false, error: issues };
  return {
    ok: true,
    value: {
      name: window.name ?? `window ${index}`,
      behavior: behavior.value,
      responder: responder?.ok ? responder.value : undefined,
      status: window.status,
    },
  };
}

const isPassive = (behavior: Behavior): boolean =>
  behavior.latency === undefined &&
  behavior.faults === undefined &&
  behavior.rateLimit === undefined &&
  behavior.bandwidthBytesPerSecond === undefined &&
  behavior.sharedLimits.length === 0;

/**
 * Compiles the behaviors of endpoint `index`: each block from the most specific level that sets it
 * (defaults < the `overrides` of its workflows, highest precedence most specific < endpoint <
 * active schedule window); a block replaces, never merges with, the block of a lower level. The
 * schedule is the endpoint's own or, failing that, the defaults'. `workflows` are the endpoint's,
 * highest precedence first; their own rate limits become the shared limits of every behavior.
 */
export async function compileEndpointBehaviors(
  config: Config,
  endpoint: Endpoint,
  index: number,
  workflows: readonly PlanWorkflow[],
  context: ResponseCompileContext,
): Promise<Result<EndpointBehaviors, ConfigIssue[]>> {
  const at = `endpoints[${index}]`;
  const levels: Level[] = [
    { blocks: endpoint, at },
    ...workflows.map((workflow) => ({ blocks: config.workflows?.[workflow.index]?.overrides, at: `workflows[${workflow.index}].overrides` })),
    { blocks: config.defaults, at: 'defaults' },
  ];
  const sharedLimits = workflows.flatMap((workflow) => (workflow.sharedLimit === undefined ? [] : [workflow.sharedLimit]));
  const base = await compileBehavior(levels, sharedLimits, endpoint.id, context);
  const scheduleConfig = endpoint.schedule ?? config.defaults?.schedule;
  const scheduleAt = endpoint.schedule ? `${at}.schedule` : 'defaults.schedule';
  const schedule = scheduleConfig ? compileSchedule(scheduleConfig, scheduleAt) : undefined;
  const windows = scheduleConfig
    ? await Promise.all(
        scheduleConfig.windows.map((window, k) => compileWindow(window, k, `${scheduleAt}.windows[${k}]`, levels, sharedLimits, endpoint.id, context)),
      )
    : [];
  const issues = [
    ...(base.ok ? [] : base.error),
    ...(schedule && !schedule.ok ? schedule.error : []),
    ...windows.flatMap((window) => (window.ok ? [] : window.error)),
  ];
  if (!base.ok || issues.length > 0) return { ok: false, error: issues };
  return {
    ok: true,
    value: {
      base: base.value,
      schedule: schedule?.ok ? schedule.value : undefined,
      windows: windows.map((window) => (window as { ok: true; value: WindowBehavior }).value),
      passive: isPassive(base.value) && scheduleConfig === undefined,
    },
  };
}
