import type { MockRequest, StateSettings } from '../../plan/index.js';
import { createClientAddressResolver } from './client-address.js';
import type { RequestIdentity } from './request-state.js';

type ClientResolver = ReturnType<typeof createClientAddressResolver>;

// One resolver per Plan's settings: the trusted-proxy BlockList is built once, not per request.
const resolvers = new WeakMap<StateSettings, ClientResolver>();

const first = (value: string | readonly string[] | undefined): string | undefined => (typeof value === 'string' ? value : value?.[0]);

/**
 * Who a request comes from, resolved on first read (most requests never ask):
 * - client: the socket address, or X-Forwarded-For behind a trusted proxy (client-address.ts);
 * - session: the session header, else the session cookie, else the client address, so a client
 *   that sends no session id still gets a session of its own rather than everyone's.
 */
export class LazyIdentity implements RequestIdentity {
  private client: string | undefined;
  private session: string | undefined;

  constructor(
    private readonly request: MockRequest,
    private readonly socketAddress: string,
    private readonly settings: StateSettings,
  ) {}

  get clientAddress(): string {
    if (this.client === undefined) {
      let resolve = resolvers.get(this.settings);
      if (resolve === undefined) {
        resolve = createClientAddressResolver(this.settings.trustedProxies);
        resolvers.set(this.settings, resolve);
      }
      this.client = resolve(this.socketAddress, this.request.headers['x-forwarded-for']);
    }
    return this.client;
  }

  /** A response opened a new session (`state.session: start`): this request's session writes go to it. */
  startSession(id: string): void {
    this.session = id;
  }

  get sessionId(): string {
    this.session ??= first(this.request.headers[this.settings.sessionHeader]) || this.request.cookies[this.settings.sessionCookie] || this.clientAddress;
    return this.session;
  }
}
