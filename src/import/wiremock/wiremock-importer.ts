import type { Config, Endpoint } from '../../config/index.js';
import { createIdAllocator, disableShadowed, translateTemplate } from '../foreign/index.js';
import type { Importer, ImportInput, ImportResult, ImportWarning, SkippedItem } from '../import-types.js';
import { collectMappings, isMapping, mappingsOf } from './collect-mappings.js';
import { convertRequest } from './convert-request.js';
import { convertProxy } from './convert-proxy.js';
import { convertBehavior, convertResponse } from './convert-response.js';
import { convertScenarios, type ScenarioStep } from './convert-scenarios.js';
import { wiremockDialect } from './wiremock-dialect.js';

type Json = Record<string, unknown>;

/** WireMock's default priority; lower numbers win there, higher ones here. */
const DEFAULT_PRIORITY = 5;

const join = (source: string, key: string) => (source === '' ? key : `${source}.${key}`);

/**
 * WireMock stub mappings (one, an array, `{ mappings: [...] }`, or a directory with `__files/`)
 * as a Mimicus config: request patterns → path + match, responses (templates translated),
 * delays → latency, faults → errors, scenarios → workflows with states.
 */
export const wiremockImporter: Importer = {
  format: 'wiremock',
  detect(document) {
    const found = mappingsOf(document);
    if (found === undefined || found.items.length === 0) return false;
    return isMapping(found.items[0]);
  },
  run(input: ImportInput) {
    const collected = collectMappings(input);
    if (!collected.ok) return collected;
    const warnings: ImportWarning[] = [];
    const skipped: SkippedItem[] = [];
    const bodyFiles = new Map<string, string>();
    const endpoints: Endpoint[] = [];
    const sources: string[] = [];
    const steps: ScenarioStep[] = [];
    const allocate = createIdAllocator();
    for (const { mapping, source } of collected.value) {
      const label = source === '' ? 'the mapping' : source;
      if (!isMapping(mapping)) {
        skipped.push({ source: label, reason: 'not a mapping (needs "request" and "response" objects)' });
        continue;
      }
      const response = mapping.response as Json;
      const proxied = response.proxyBaseUrl === undefined ? undefined : convertProxy(response, join(source, 'response'), warnings);
      if (proxied !== undefined && !proxied.ok) {
        skipped.push({ source: join(source, 'response.proxyBaseUrl'), reason: proxied.reason });
        continue;
      }
      const request = convertRequest(mapping.request as Json, join(source, 'request'), warnings);
      if (request === undefined || typeof request === 'string') {
        skipped.push({ source: join(source, 'request'), reason: request ?? 'not importable' });
        continue;
      }
      const converted =
        proxied !== undefined
          ? undefined
          : convertResponse(response, {
              at: join(source, 'response'),
              warnings,
              pathParams: request.pathParams,
              readBodyFile: (name) => readBodyFile(input, name),
              addBodyFile: (path, text) => {
                bodyFiles.set(path, text);
                return path;
              },
            });
      const method = request.method === '*' ? 'any' : String(request.method);
      const id = allocate(typeof mapping.name === 'string' ? mapping.name : `${method} ${request.path.replace(/\{([^}:]+)(:[^}]*)?\}/g, '$1')}`);
      const endpoint: Endpoint = {
        id,
        ...(typeof mapping.name === 'string' ? { description: mapping.name } : {}),
        ...(request.method !== '*' ? { method: request.method } : {}),
        path: request.path,
      };
      if (typeof mapping.priority === 'number' && mapping.priority !== DEFAULT_PRIORITY) endpoint.priority = DEFAULT_PRIORITY - Math.trunc(mapping.priority);
      if (request.match !== undefined) endpoint.match = request.match;
      if (converted === undefined) {
        Object.assign(endpoint, convertBehavior(response, join(source, 'response'), warnings));
        endpoint.proxy = proxied!.proxy;
      } else {
        Object.assign(endpoint, converted.behavior);
        endpoint.response = converted.response;
      }
      addStateListeners(mapping, endpoint, source, warnings);
      for (const key of ['postServeActions', 'serveEventListeners']) {
        if (mapping[key] !== undefined && !(key === 'serveEventListeners' && endpoint.state !== undefined)) {
          warnings.push({ source: join(source, key), message: 'actions after serving (webhooks, listeners) are not importable: ignored' });
        }
      }
      if (typeof mapping.scenarioName === 'string') {
        steps.push({
          endpoint,
          source: source === '' ? 'mapping' : source,
          scenario: mapping.scenarioName,
          ...(typeof mapping.requiredScenarioState === 'string' ? { required: mapping.requiredScenarioState } : {}),
          ...(typeof mapping.newScenarioState === 'string' ? { next: mapping.newScenarioState } : {}),
          status: converted?.response.status ?? 200,
        });
      }
      endpoints.push(endpoint);
      sources.push(label);
    }
    const workflows = convertScenarios(steps, warnings);
    disableShadowed(endpoints, sources, 'last', warnings);
    const config: Config = { version: 2, endpoints };
    if (workflows.length > 0) config.workflows = workflows;
    const result: ImportResult = { format: 'wiremock', config, warnings, skipped, bodyFiles };
    return { ok: true, value: result };
  },
};

/** `__files/<name>` beside the mappings (or beside their parent folder), else `<name>` itself. */
function readBodyFile(input: ImportInput, name: string): { path: string; text: string } | undefined {
  const clean = name.replace(/^\/+/, '');
  if (clean.split('/').includes('..')) return undefined;
  for (const candidate of [`__files/${clean}`, `../__files/${clean}`, clean]) {
    const text = input.files.get(candidate);
    if (text !== undefined) return { path: `__files/${clean}`, text };
  }
  return undefined;
}

/**
 * The state extension's `recordState` listener (`{ context, state: { key: template } }`) as our
 * state actions on keys `<context>.<key>`; a value of "null" deletes the key, as it does there.
 */
function addStateListeners(mapping: Json, endpoint: Endpoint, source: string, warnings: ImportWarning[]): void {
  const listeners = mapping.serveEventListeners;
  if (!Array.isArray(listeners)) return;
  const set: Record<string, string> = {};
  const remove: string[] = [];
  listeners.forEach((listener: Json, i) => {
    const parameters = (listener?.parameters ?? {}) as Json;
    if (listener?.name !== 'recordState' || typeof parameters.context !== 'string' || typeof parameters.state !== 'object') return;
    for (const [key, value] of Object.entries(parameters.state as Json)) {
      const name = `${parameters.context}.${key}`;
      if (value === 'null') {
        remove.push(name);
        continue;
      }
      const translated = translateTemplate(String(value), wiremockDialect(new Set()));
      for (const what of translated.unsupported) {
        warnings.push({
          source: join(source, `serveEventListeners[${i}].parameters.state.${key}`),
          message: `"${what}" has no equivalent: stored as literal text`,
        });
      }
      set[name] = translated.text;
    }
  });
  if (Object.keys(set).length === 0 && remove.length === 0) return;
  endpoint.state = { ...(Object.keys(set).length > 0 ? { set } : {}), ...(remove.length > 0 ? { delete: remove } : {}) };
  warnings.push({
    source: join(source, 'serveEventListeners'),
    message: 'recordState imported as state actions on keys "<context>.<property>" (global scope)',
  });
}
