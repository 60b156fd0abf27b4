import type { FastifyReply } from 'fastify';
import type { ConfigIssue } from '../config/index.js';
import { AppError, toProblem, type ErrorCode } from '../errors/index.js';

/** Sends an RFC 9457 problem document for `code`. */
export function sendProblem(reply: FastifyReply, code: ErrorCode, detail?: string, extensions: Record<string, unknown> = {}): FastifyReply {
  const error = new AppError(code, detail);
  return reply.code(error.status).type('application/problem+json').send(toProblem(error, extensions));
}

/** 409 when any issue is a conflict between valid parts, 400 otherwise; every issue is listed. */
export function sendIssues(reply: FastifyReply, issues: readonly ConfigIssue[]): FastifyReply {
  const conflict = issues.some((issue) => issue.code === 'conflict');
  const count = `${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`;
  return sendProblem(reply, conflict ? 'CONFIG_CONFLICT' : 'CONFIG_INVALID', `${count}: ${issues[0]?.message ?? ''}`, { issues });
}
