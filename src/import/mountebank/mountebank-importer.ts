import type { Config, Endpoint, LatencyConfig, ResponseConfig } from '../../config/index.js';
import { createIdAllocator, parseJsonInput, proxyHeaders, proxyTarget } from '../foreign/index.js';
import type { Importer, ImportInput, ImportResult, ImportWarning, SkippedItem } from '../import-types.js';
import { convertPredicates } from './convert-predicates.js';

type Json = Record<string, unknown>;
type Fault = NonNullable<Endpoint['errors']>[number];

const isImposter = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Array.isArray((value as Json).stubs) && 'protocol' in (value as Json);

/** `{ imposters: [...] }` or one imposter; undefined when neither. */
function impostersOf(document: unknown): { imposters: unknown[]; prefix: string } | undefined {
  if (isImposter(document)) return { imposters: [document], prefix: '' };
  if (document !== null && typeof document === 'object' && Array.isArray((document as Json).imposters)) {
    return { imposters: (document as Json).imposters as unknown[], prefix: 'imposters' };
  }
  return undefined;
}

/** A repeat count we unroll into a sequence; larger ones are cut here, with a warning. */
const MAX_REPEAT = 1000;
/** Responses one stub's sequence may hold after unrolling, all repeats together. */
const MAX_SEQUENCE = 10_000;

/**
 * mountebank imposters as a Mimicus config: each stub one endpoint, its predicates the route and
 * match, its responses a sequence that cycles (mountebank's order), `repeat` unrolled, `wait` as
 * latency. Stubs keep mountebank's first-match order through descending priorities. Every imposter
 * answers a request no stub matches with its `defaultResponse` (else an empty 200), and so does a
 * catch-all endpoint here.
 */
export const mountebankImporter: Importer = {
  format: 'mountebank',
  detect(document) {
    const found = impostersOf(document);
    return found !== undefined && found.imposters.length > 0 && isImposter(found.imposters[0]);
  },
  run(input: ImportInput) {
    const parsed = parseJsonInput(input.main);
    if (!parsed.ok) return parsed;
    const found = impostersOf(parsed.value);
    if (found === undefined) return { ok: false, error: [{ source: input.main.path, message: 'not a mountebank imposter or { "imposters": [...] }' }] };
    const warnings: ImportWarning[] = [];
    const skipped: SkippedItem[] = [];
    const endpoints: Endpoint[] = [];
    const allocate = createIdAllocator();
    const http = found.imposters
      .map((imposter, i) => ({ imposter: imposter as Json, at: found.prefix === '' ? '' : `${found.prefix}[${i}]` }))
      .filter(({ imposter, at }) => {
        const protocol = String(imposter?.protocol ?? '');
        if (protocol === 'http' || protocol === 'https') return true;
        skipped.push({ source: at || 'imposter', reason: `protocol "${protocol}" is not HTTP` });
        return false;
      });
    if (http.length > 1)
      warnings.push({
        source: found.prefix,
        message: `${http.length} imposters listened on their own ports; all are served on one here (a path may answer for several)`,
      });
    const total = http.reduce((n, { imposter }) => n + (imposter.stubs as unknown[]).length, 0);
    let rank = total;
    let defaultResponse: { response: ResponseConfig; at: string } | undefined;
    for (const { imposter, at } of http) {
      const name = typeof imposter.name === 'string' ? imposter.name : `imposter ${String(imposter.port ?? '')}`.trim();
      (imposter.stubs as Json[]).forEach((stub, i) => {
        const stubAt = `${at === '' ? '' : `${at}.`}stubs[${i}]`;
        const priority = rank--;
        const responses = Array.isArray(stub?.responses) && stub.responses.length > 0 ? (stub.responses as Json[]) : [{ is: {} }];
        const converted = convertResponses(responses, `${stubAt}.responses`, warnings, skipped);
        if (converted === undefined) return;
        const route = convertPredicates(Array.isArray(stub.predicates) ? stub.predicates : [], `${stubAt}.predicates`, warnings);
        const id = allocate(typeof stub.name === 'string' ? stub.name : `${route.method ?? 'any'} ${route.path.replace(/[{}*]/g, '')}`);
        const endpoint: Endpoint = {
          id,
          description: `${name}, stub ${i}`,
          ...(route.method !== undefined ? { method: route.method } : {}),
          path: route.path,
          priority,
          ...(Object.keys(route.match).length > 0 ? { match: route.match } : {}),
          ...converted,
        };
        endpoints.push(endpoint);
      });
      if (imposter.defaultResponse !== undefined && defaultResponse === undefined) {
        defaultResponse = { response: isResponse(imposter.defaultResponse as Json, `${at}.defaultResponse`, warnings), at };
      }
    }
    endpoints.push({
      id: allocate('default-response'),
      description: 'What mountebank answers when no stub matches',
      path: '/**',
      priority: 0,
      response: defaultResponse?.response ?? {},
    });
    const config: Config = { version: 2, endpoints };
    const result: ImportResult = { format: 'mountebank', config, warnings, skipped, bodyFiles: new Map() };
    return { ok: true, value: result };
  },
};

type Produced = Pick<Endpoint, 'response' | 'sequence' | 'latency' | 'errors' | 'proxy'>;

/** A stub's responses: one, or a cycling sequence with `repeat` unrolled. */
function convertResponses(responses: Json[], at: string, warnings: ImportWarning[], skipped: SkippedItem[]): Produced | undefined {
  const list: ResponseConfig[] = [];
  const waits: number[] = [];
  const faults: Fault[] = [];
  const proxies = responses.filter((entry) => entry?.proxy !== undefined);
  if (proxies.length > 0 && proxies.length === responses.length) return convertProxy(proxies[0]!.proxy as Json, `${at}[0].proxy`, warnings, skipped);
  responses.forEach((entry, i) => {
    const where = `${at}[${i}]`;
    if (entry?.proxy !== undefined) {
      skipped.push({ source: `${where}.proxy`, reason: 'a proxy among other responses cannot be one step of a sequence' });
      return;
    }
    if (entry?.inject !== undefined) {
      skipped.push({ source: `${where}.inject`, reason: 'JavaScript responses (inject) are not importable' });
      return;
    }
    if (entry?.fault !== undefined) {
      // mountebank resets before a byte is sent: our `empty` does the same to the client (our `reset` cuts mid-body).
      const kind = entry.fault === 'CONNECTION_RESET_BY_PEER' ? 'empty' : 'corrupt';
      faults.push(kind === 'empty' ? { rate: 1, kind: 'empty' } : { rate: 1, kind: 'corrupt', garbage: 1024 });
      if (kind === 'corrupt') warnings.push({ source: `${where}.fault`, message: 'imported as a status line followed by random bytes (corrupt)' });
      return;
    }
    const response = isResponse((entry?.is ?? {}) as Json, `${where}.is`, warnings);
    const behaviors = behaviorsOf(entry);
    let repeat = 1;
    let waitMs = 0;
    for (const [key, value] of Object.entries(behaviors)) {
      if (key === 'wait') {
        if (typeof value === 'number' && value >= 0) waitMs = value;
        else warnings.push({ source: `${where}.behaviors.wait`, message: 'a JavaScript wait function is not importable: no delay' });
      } else if (key === 'repeat') {
        repeat = Math.max(1, Math.floor(Number(value)));
        if (repeat > MAX_REPEAT) {
          warnings.push({ source: `${where}.behaviors.repeat`, message: `repeat ${repeat} cut to ${MAX_REPEAT}` });
          repeat = MAX_REPEAT;
        }
      } else {
        warnings.push({
          source: `${where}.behaviors.${key}`,
          message: `the "${key}" behavior is not importable (${key === 'decorate' || key === 'shellTransform' ? 'it runs code' : 'no equivalent'}): the response is served unchanged`,
        });
      }
    }
    if (list.length + repeat > MAX_SEQUENCE) {
      warnings.push({ source: `${where}.behaviors.repeat`, message: `the stub's sequence is cut at ${MAX_SEQUENCE} responses` });
      repeat = Math.max(0, MAX_SEQUENCE - list.length);
    }
    for (let k = 0; k < repeat; k++) {
      list.push(response);
      waits.push(waitMs);
    }
  });
  if (list.length === 0 && faults.length === 0) return undefined;
  const produced: Produced = {};
  if (list.length <= 1) produced.response = list[0] ?? {};
  else produced.sequence = { responses: list, after: 'cycle' };
  if (faults.length > 0) {
    produced.errors = [{ ...faults[0]!, rate: list.length === 0 ? 1 : faults.length / (faults.length + list.length) }];
    if (list.length > 0) warnings.push({ source: at, message: 'a fault among normal responses is imported as a fault drawn at random with the same share' });
  }
  const latency = latencyOf(waits);
  if (latency !== undefined) {
    produced.latency = latency;
    if (new Set(waits).size > 1) {
      warnings.push({ source: at, message: 'responses wait different times: imported as a mixture drawn at random, not in sequence order' });
    }
  }
  return produced;
}

/** One wait per served response (0 for none): fixed when all agree, else a mixture weighted by count. */
function latencyOf(waits: number[]): LatencyConfig | undefined {
  if (waits.every((ms) => ms === 0)) return undefined;
  const counts = new Map<number, number>();
  for (const ms of waits) counts.set(ms, (counts.get(ms) ?? 0) + 1);
  if (counts.size === 1) return { fixed: `${waits[0]}ms` };
  return { mixture: [...counts].sort((a, b) => a[0] - b[0]).map(([ms, count]) => ({ weight: count, fixed: `${ms}ms` })) };
}

function behaviorsOf(entry: Json): Json {
  const given = entry?.behaviors ?? entry?._behaviors;
  if (Array.isArray(given)) return Object.assign({}, ...given.filter((b) => b !== null && typeof b === 'object')) as Json;
  return given !== null && typeof given === 'object' ? (given as Json) : {};
}

/** An `is` response: statusCode, headers, body (text or JSON), `_mode: binary`. */
function isResponse(is: Json, at: string, warnings: ImportWarning[]): ResponseConfig {
  const out: ResponseConfig = {};
  if (is.statusCode !== undefined && Number(is.statusCode) !== 200) out.status = Number(is.statusCode);
  if (is.headers !== null && typeof is.headers === 'object') {
    out.headers = {};
    for (const [name, value] of Object.entries(is.headers as Json)) out.headers[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  if (typeof is.body === 'string') {
    if (is._mode === 'binary') {
      const bytes = Buffer.from(is.body, 'base64');
      try {
        out.body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        warnings.push({ source: `${at}.body`, message: `binary body (${bytes.length} bytes) cannot be held in a config: served without a body` });
      }
    } else if (is.body !== '') out.body = is.body;
  } else if (is.body !== undefined && is.body !== null) {
    out.json = is.body;
  }
  return out;
}

/**
 * A stub that proxies: every mode forwards each request (`proxyAlways`, `proxyTransparent`), but
 * `proxyOnce` would answer later requests with the first recorded response, and the stubs that
 * mountebank records (`predicateGenerators`, `addWaitBehavior`) are not made: both reported.
 */
function convertProxy(proxy: Json, at: string, warnings: ImportWarning[], skipped: SkippedItem[]): Produced | undefined {
  const target = proxyTarget(proxy?.to);
  if (!target.ok) {
    skipped.push({ source: `${at}.to`, reason: target.reason });
    return undefined;
  }
  const mode = typeof proxy.mode === 'string' ? proxy.mode : 'proxyOnce';
  if (mode === 'proxyOnce') warnings.push({ source: `${at}.mode`, message: 'proxyOnce is imported as forwarding every request (no recording and replay)' });
  for (const key of ['predicateGenerators', 'addWaitBehavior', 'addDecorateBehavior']) {
    if (proxy[key] !== undefined) warnings.push({ source: `${at}.${key}`, message: 'recording stubs from proxied responses is not importable: ignored' });
  }
  const injected = typeof proxy.injectHeaders === 'object' && proxy.injectHeaders !== null ? (proxy.injectHeaders as Json) : {};
  const headers = proxyHeaders(injected);
  if (proxy.cert !== undefined || proxy.key !== undefined)
    warnings.push({ source: at, message: 'a client certificate goes in an upstream (upstreams[].tls): not imported' });
  return { proxy: { url: target.url, ...(headers !== undefined ? { headers } : {}) } };
}
