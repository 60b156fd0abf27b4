import type { RequestValidationConfig } from '../../config/index.js';
import { toProblem } from '../../errors/index.js';
import type { MockRequest } from '../mock-request.js';
import type { PreparedResponse } from '../responders/types.js';

type Requirements = NonNullable<RequestValidationConfig['security']>;
type Credential = Requirements[number][number];

/**
 * `validate.security` compiled: undefined when one of the accepted credential sets is present
 * (every credential of it), else the 401 answer, built once (it names every accepted scheme, so
 * it does not depend on the request). An empty set accepts anyone, as OpenAPI's `{}` does.
 */
export function compileSecurityCheck(requirements: Requirements): (request: MockRequest) => PreparedResponse | undefined {
  const sets = requirements.map((set) => set.map(presenceTest));
  const denied = unauthorized(requirements);
  return (request) => (sets.some((set) => set.every((present) => present(request))) ? undefined : denied);
}

function presenceTest(credential: Credential): (request: MockRequest) => boolean {
  if ('scheme' in credential) {
    // `Authorization: Bearer <token>`: the scheme is case-insensitive, and a token must follow.
    const prefix = `${credential.scheme.toLowerCase()} `;
    return (request) => {
      const header = request.headers.authorization;
      const value = Array.isArray(header) ? header[0] : header;
      return (
        value !== undefined &&
        value.length > prefix.length &&
        value.slice(0, prefix.length).toLowerCase() === prefix &&
        value.slice(prefix.length).trim() !== ''
      );
    };
  }
  const { name } = credential;
  switch (credential.in) {
    case 'header': {
      const lower = name.toLowerCase();
      return (request) => isGiven(request.headers[lower]);
    }
    case 'query':
      return (request) => isGiven(request.query[name]);
    case 'cookie':
      return (request) => isGiven(request.cookies[name]);
  }
}

function isGiven(value: string | readonly string[] | undefined): boolean {
  return value !== undefined && (typeof value === 'string' ? value !== '' : value.some((v) => v !== ''));
}

function challengeOf(credential: Credential): string {
  if ('scheme' in credential) {
    const scheme = credential.scheme.toLowerCase();
    const name = scheme === 'bearer' ? 'Bearer' : scheme === 'basic' ? 'Basic' : credential.scheme;
    return `${name} realm="mimicus"`;
  }
  // No registered scheme names an API key; this one says where the key goes (RFC 9110 needs a challenge).
  return `ApiKey realm="mimicus", in="${credential.in}", name="${credential.name.replace(/["\\]/g, '')}"`;
}

function describeCredential(credential: Credential): string {
  return 'scheme' in credential ? `Authorization: ${credential.scheme} …` : `${credential.in} ${credential.name}`;
}

function unauthorized(requirements: Requirements): PreparedResponse {
  const challenges = [...new Set(requirements.flat().map(challengeOf))];
  const accepted = requirements.map((set) => set.map(describeCredential));
  const detail = `missing credentials: send ${accepted.map((set) => set.join(' and ')).join(', or ')}`;
  const body = JSON.stringify(toProblem({ code: 'REQUEST_UNAUTHORIZED', status: 401, detail }, { accepted }));
  return {
    status: 401,
    headers: [
      'content-type',
      'application/problem+json',
      'www-authenticate',
      challenges.join(', '),
      'x-mimicus-error',
      'REQUEST_UNAUTHORIZED',
      'content-length',
      String(Buffer.byteLength(body)),
    ],
    body,
  };
}
