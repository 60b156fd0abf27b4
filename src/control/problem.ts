import type { FastifyReply } from 'fastify';
import type { ConfigIssue } from '../config/index.js';
import type { ConfigIssueBody } from '../contract/index.js';
import type { ConfigRejection } from './control-port.js';
import { AppError, toProblem, type ErrorCode } from '../errors/index.js';

/** Sends an RFC 9457 problem document for `code`. */
export function sendProblem(reply: FastifyReply, code: ErrorCode, detail?: string, extensions: Record<string, unknown> = {}): FastifyReply {
  const error = new AppError(code, detail);
  return reply.code(error.status).type('application/problem+json').send(toProblem(error, extensions));
}

/** 409 when any issue is a conflict between valid parts, 400 otherwise; every issue is listed. */
export function sendIssues(reply: FastifyReply, issues: readonly ConfigIssue[], candidate?: unknown): FastifyReply {
  const conflict = issues.some((issue) => issue.code === 'conflict');
  const count = `${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`;
  const named: readonly ConfigIssueBody[] = candidate === undefined ? issues : nameItems(issues, candidate);
  return sendProblem(reply, conflict ? 'CONFIG_CONFLICT' : 'CONFIG_INVALID', `${count}: ${issues[0]?.message ?? ''}`, { issues: named });
}

/**
 * The one answer to a refused config change, whatever refused it: the config's issues (400/409
 * with each issue), a config file edited on disk (409 CONFIG_FILE_CHANGED), or what could not be
 * prepared (its own code). `candidate` names the endpoints the issues point into.
 */
export function sendRejection(reply: FastifyReply, rejection: ConfigRejection, candidate?: unknown): FastifyReply {
  if (rejection.code === 'CONFIG_INVALID' || rejection.code === 'CONFIG_CONFLICT') return sendIssues(reply, rejection.issues, candidate);
  return sendProblem(reply, rejection.code, rejection.detail, { issues: rejection.issues });
}

const ITEM_PATH = /^(endpoints|workflows)\[(\d+)\]/;

/**
 * Adds the id of the endpoint or workflow an issue path points into (`endpoints[3]…` → `id`), for
 * the issue and for each related place: indexes are positions in the candidate config the caller
 * sent, which a client cannot always rebuild (the console links a conflict to the endpoint it clashes with).
 */
function nameItems(issues: readonly ConfigIssue[], candidate: unknown): ConfigIssueBody[] {
  const idAt = (path: string): string | undefined => {
    const found = ITEM_PATH.exec(path);
    if (!found || typeof candidate !== 'object' || candidate === null) return undefined;
    const items = (candidate as Record<string, unknown>)[found[1]!];
    const item = Array.isArray(items) ? (items[Number(found[2])] as { id?: unknown } | undefined) : undefined;
    return typeof item?.id === 'string' ? item.id : undefined;
  };
  const withId = <T extends { path: string }>(place: T): T & { id?: string } => {
    const id = idAt(place.path);
    return id === undefined ? place : { ...place, id };
  };
  return issues.map((issue) => ({ ...withId(issue), ...(issue.related ? { related: issue.related.map(withId) } : {}) }));
}
