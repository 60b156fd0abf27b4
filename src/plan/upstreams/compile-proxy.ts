import type { ConfigIssue, ProxyConfig, Result } from '../../config/index.js';
import { timerDurationMs } from '../timer-duration-ms.js';
import type { RenderTemplate } from '../templates/types.js';
import { urlUpstreamId } from './compile-upstreams.js';
import type { PathRewrite, ProxySpec } from './upstream-spec.js';

export type CompileTemplate = (source: string) => Result<RenderTemplate, { message: string; line?: number; column?: number }>;

/** Compiles a `proxy:` block: its upstream reference, path rewrite (a template) and header edits. */
export function compileProxy(proxy: ProxyConfig, at: string, compileTemplate: CompileTemplate): Result<ProxySpec, ConfigIssue[]> {
  let rewrite: PathRewrite = { kind: 'keep' };
  if (proxy.path !== undefined) {
    const compiled = compileTemplate(proxy.path);
    if (!compiled.ok) {
      const where = compiled.error.line === undefined ? '' : ` (template line ${compiled.error.line})`;
      return { ok: false, error: [{ path: `${at}.path`, message: `template does not compile: ${compiled.error.message}${where}` }] };
    }
    rewrite = { kind: 'template', render: compiled.value };
  } else if (proxy.stripPrefix !== undefined && proxy.stripPrefix !== '/') {
    rewrite = { kind: 'strip', prefix: proxy.stripPrefix.replace(/\/+$/, '') };
  }
  const setHeaders: string[] = [];
  for (const [name, value] of Object.entries(proxy.headers?.set ?? {})) setHeaders.push(name.toLowerCase(), value);
  const removeHeaders = new Set((proxy.headers?.remove ?? []).map((name) => name.toLowerCase()));
  for (let i = 0; i < setHeaders.length; i += 2) removeHeaders.add(setHeaders[i]!);
  let timeoutMs = 0;
  if (proxy.timeout !== undefined) {
    const parsed = timerDurationMs(proxy.timeout, `${at}.timeout`, true);
    if (!parsed.ok) return parsed;
    timeoutMs = parsed.value;
  }
  return {
    ok: true,
    value: {
      upstream: proxy.upstream ?? urlUpstreamId(proxy.url!),
      rewrite,
      setHeaders,
      removeHeaders,
      preserveHost: proxy.preserveHost ?? false,
      forwardedHeaders: proxy.forwardedHeaders ?? true,
      timeoutMs,
    },
  };
}
