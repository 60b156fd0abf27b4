import type { RequestValidationConfig } from '../../config/index.js';
import type { SpecVersion } from './bundle-schema.js';
import { isObject, type RefResolver } from './resolve-refs.js';

type Requirements = NonNullable<RequestValidationConfig['security']>;
type Credential = Requirements[number][number];

export type SecurityOutcome = { readonly security?: Requirements; readonly warning?: string };

/** Bounds of the config schema: more alternatives or schemes than this are not checked. */
const MAX_SETS = 64;
const MAX_CREDENTIALS = 16;

/**
 * An operation's security requirements (its own `security`, else the document's) as the
 * credentials a request must carry: each requirement object is one accepted set, all of its
 * schemes together. apiKey → that header, query parameter or cookie; http → an Authorization
 * header of that scheme; oauth2 and openIdConnect → a bearer token (how clients send them).
 * A requirement that accepts anyone (`{}`), or a scheme no request header shows (mutualTLS),
 * means no check; an unknown scheme name is reported and the operation left unchecked.
 */
export function securityRules(
  version: SpecVersion,
  operation: Record<string, unknown>,
  document: Record<string, unknown>,
  resolver: RefResolver,
): SecurityOutcome {
  const requirements = Array.isArray(operation.security) ? operation.security : Array.isArray(document.security) ? document.security : [];
  if (requirements.length === 0) return {};
  const schemes = version === '2.0' ? document.securityDefinitions : isObject(document.components) ? document.components.securitySchemes : undefined;
  const sets: Credential[][] = [];
  for (const requirement of requirements) {
    if (!isObject(requirement)) continue;
    const names = Object.keys(requirement);
    if (names.length === 0) return {};
    const set: Credential[] = [];
    for (const name of names) {
      const raw = isObject(schemes) ? schemes[name] : undefined;
      const found = raw === undefined ? undefined : resolver.deref(raw, resolver.mainBase);
      if (!found || !isObject(found.node)) return { warning: `security scheme "${name}" is not defined; credentials not checked` };
      const credential = credentialOf(found.node);
      if (credential === 'unchecked') return {};
      if (credential === undefined)
        return { warning: `security scheme "${name}" (type ${String(found.node.type)}) cannot be checked; credentials not checked` };
      if (!set.some((known) => JSON.stringify(known) === JSON.stringify(credential))) set.push(credential);
    }
    sets.push(set);
  }
  if (sets.length === 0) return {};
  if (sets.length > MAX_SETS || sets.some((set) => set.length > MAX_CREDENTIALS))
    return { warning: `over ${MAX_SETS} security requirements or ${MAX_CREDENTIALS} schemes in one; credentials not checked` };
  return { security: sets };
}

function credentialOf(scheme: Record<string, unknown>): Credential | 'unchecked' | undefined {
  switch (scheme.type) {
    case 'apiKey': {
      const where = scheme.in;
      const name = scheme.name;
      if ((where !== 'header' && where !== 'query' && where !== 'cookie') || typeof name !== 'string' || name === '' || name.length > 256) return undefined;
      return { in: where, name };
    }
    case 'http':
      return typeof scheme.scheme === 'string' && /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,63}$/.test(scheme.scheme)
        ? { scheme: scheme.scheme.toLowerCase() }
        : undefined;
    case 'basic':
      return { scheme: 'basic' };
    case 'oauth2':
    case 'openIdConnect':
      return { scheme: 'bearer' };
    case 'mutualTLS':
      // A client certificate is the TLS layer's business: nothing in the request to look for.
      return 'unchecked';
    default:
      return undefined;
  }
}
