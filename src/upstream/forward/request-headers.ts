import type { ProxySpec } from '../../plan/index.js';
import { connectionListed, isHopByHop } from './hop-by-hop.js';

/** What the upstream needs to know about the client side of an exchange. */
export interface ClientSide {
  /** node:http's req.rawHeaders: [name, value, …] as received. */
  readonly rawHeaders: readonly string[];
  readonly clientAddress: string;
  /** 'http' or 'https' as the client reached us. */
  readonly proto: string;
  readonly httpVersion: string;
  /**
   * The request's own trace context (`traceparent`, `tracestate`, flat) when it is traced: it
   * replaces the client's, so the backend's span is a child of ours. Absent, the client's pass as they are.
   */
  readonly traceHeaders?: readonly string[] | undefined;
}

const VIA_PSEUDONYM = 'mimicus';

/**
 * The request headers sent upstream, flat: the client's minus hop-by-hop ones (and those its
 * Connection header names), minus `headers.remove`, plus `headers.set`, X-Forwarded-For/Proto/Host,
 * Forwarded (RFC 7239) and Via (unless `forwardedHeaders: false`), and Host: the client's when
 * `preserveHost`, else the target's. One array per request, no other copy.
 */
export function requestHeaders(client: ClientSide, spec: ProxySpec, targetHost: string): string[] {
  const raw = client.rawHeaders;
  let connection: string | undefined;
  let clientHost = '';
  let priorXff: string | undefined;
  let priorForwarded: string | undefined;
  let priorVia: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'connection') connection = connection === undefined ? raw[i + 1] : `${connection}, ${raw[i + 1]}`;
    else if (name === 'host') clientHost = raw[i + 1]!;
  }
  const listed = connectionListed(connection);
  const trace = client.traceHeaders;
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const original = raw[i]!;
    const name = original.toLowerCase();
    if (isHopByHop(name) || name === 'host' || name === 'expect' || listed?.has(name) || spec.removeHeaders.has(name)) continue;
    if (trace !== undefined && (name === 'traceparent' || name === 'tracestate')) continue;
    if (spec.forwardedHeaders) {
      // Chains are extended below, in one header each.
      if (name === 'x-forwarded-for') {
        priorXff = priorXff === undefined ? raw[i + 1] : `${priorXff}, ${raw[i + 1]}`;
        continue;
      }
      if (name === 'forwarded') {
        priorForwarded = priorForwarded === undefined ? raw[i + 1] : `${priorForwarded}, ${raw[i + 1]}`;
        continue;
      }
      if (name === 'via') {
        priorVia = priorVia === undefined ? raw[i + 1] : `${priorVia}, ${raw[i + 1]}`;
        continue;
      }
      if (name === 'x-forwarded-proto' || name === 'x-forwarded-host') continue;
    }
    out.push(original, raw[i + 1]!);
  }
  if (trace !== undefined) for (let i = 0; i < trace.length; i += 2) out.push(trace[i]!, trace[i + 1]!);
  const set = spec.setHeaders;
  for (let i = 0; i < set.length; i += 2) out.push(set[i]!, set[i + 1]!);
  out.push('host', spec.preserveHost && clientHost !== '' ? clientHost : targetHost);
  if (spec.forwardedHeaders) {
    const address = client.clientAddress;
    out.push('x-forwarded-for', priorXff === undefined ? address : `${priorXff}, ${address}`);
    out.push('x-forwarded-proto', client.proto);
    if (clientHost !== '') out.push('x-forwarded-host', clientHost);
    const element = forwardedElement(address, client.proto, clientHost);
    out.push('forwarded', priorForwarded === undefined ? element : `${priorForwarded}, ${element}`);
    const via = `${client.httpVersion} ${VIA_PSEUDONYM}`;
    out.push('via', priorVia === undefined ? via : `${priorVia}, ${via}`);
  }
  return out;
}

// The last Forwarded element made: a run's requests nearly all come from one address, proto and Host.
let lastElement = { address: '', proto: '', host: '', element: '' };

/** This hop's element of the Forwarded header (RFC 7239): `for=…;proto=…;host=…`. */
function forwardedElement(address: string, proto: string, host: string): string {
  const last = lastElement;
  if (last.address === address && last.proto === proto && last.host === host && last.element !== '') return last.element;
  const element = `for=${forwardedNode(address)};proto=${proto}${host === '' ? '' : `;host=${quoted(host)}`}`;
  lastElement = { address, proto, host, element };
  return element;
}

/** RFC 7239 §6: an IPv6 node is quoted and bracketed; IPv4-mapped addresses are shown as IPv4. */
function forwardedNode(address: string): string {
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  return address.includes(':') ? `"[${address}]"` : address === '' ? 'unknown' : address;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A value that is not a token is sent as a quoted-string. */
function quoted(value: string): string {
  return TOKEN.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}
