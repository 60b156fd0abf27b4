/**
 * The names by which a client may reach the admin listener: the Host header values it answers and
 * the browser origins it counts as its own. A DNS-rebinding page reaches the listener under the
 * attacker's name, so its Host (and Origin) never matches.
 */
export interface AllowedHosts {
  /** Whether a Host header value names this listener (a name alone means port 80, as in HTTP). */
  allowsHost(host: string | undefined): boolean;
  /** Whether an Origin (`scheme://host[:port]`) is this listener's own: http or https, an allowed name with its port. */
  isOwnOrigin(origin: string): boolean;
  /** The `admin.allowedHosts` entry that would let this Host in: the name alone when the port is the admin's. */
  entryFor(host: string): string;
}

export interface AllowedHostsOptions {
  /** The listen address (`admin.host`); a wildcard (0.0.0.0, ::) adds no name but lets IP literals in. */
  readonly bindHost: string;
  /** `admin.allowedHosts`: names (with the admin port) or `name:port`. */
  readonly extra: readonly string[];
  /** The port the listener is bound to, known once it listens (it may be 0 until then). */
  readonly port: () => number;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/;
const HOST_VALUE = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/;

interface HostAndPort {
  readonly name: string;
  readonly port: number | undefined;
}

/** `name[:port]` lower-cased, IPv6 in brackets; undefined when it is not one. */
function parseHost(value: string): HostAndPort | undefined {
  const found = HOST_VALUE.exec(value.trim().toLowerCase());
  if (!found) return undefined;
  return { name: found[1]!, port: found[2] === undefined ? undefined : Number(found[2]) };
}

/** A bare IPv6 address (two colons at least; `name:port` has one) in brackets, as Host and URLs write it. */
const bracketed = (host: string): string => (/:.*:/.test(host) && !host.startsWith('[') ? `[${host}]` : host);

export function createAllowedHosts(options: AllowedHostsOptions): AllowedHosts {
  const bind = bracketed(options.bindHost.toLowerCase());
  const wildcard = WILDCARDS.has(bind);
  // Entries without a port follow the listener's port, which is known only once it listens.
  const entries: HostAndPort[] = [...LOOPBACK_NAMES, ...(wildcard ? [] : [bind]), ...options.extra]
    .map((entry) => parseHost(bracketed(entry)))
    .filter((entry): entry is HostAndPort => entry !== undefined);

  const allows = (name: string, port: number): boolean => {
    const own = options.port();
    // An IP literal cannot be rebound to another address, so on a wildcard bind any address of
    // this machine the client reached us by is fine; names still have to be listed.
    if (wildcard && IP_LITERAL.test(name) && port === own) return true;
    return entries.some((entry) => entry.name === name && (entry.port ?? own) === port);
  };

  return {
    allowsHost(host) {
      if (host === undefined) return false;
      const parsed = parseHost(host);
      return parsed !== undefined && allows(parsed.name, parsed.port ?? 80);
    },
    entryFor(host) {
      const parsed = parseHost(host);
      if (parsed === undefined) return host;
      return (parsed.port ?? 80) === options.port() ? parsed.name : `${parsed.name}:${parsed.port ?? 80}`;
    },
    isOwnOrigin(origin) {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return false;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
      if (url.origin !== origin.toLowerCase().replace(/\/$/, '')) return false;
      const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
      return allows(url.hostname.toLowerCase(), port);
    },
  };
}
