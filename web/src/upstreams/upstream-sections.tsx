import { useState, type ReactNode } from 'react';
import { isObject, type Draft } from '../editor/draft.ts';
import { DraftField, inputId, type BlockProps } from './draft-field.tsx';

/**
 * A block of the upstream form that folds away: open when the upstream has it, or when it holds an
 * issue (its count shows in the title while folded).
 */
function Section({ title, name, present, issueCount, children }: { title: string; name: string; present: boolean; issueCount: number; children: ReactNode }) {
  const [open, setOpen] = useState(present);
  return (
    <details className="editor-block upstream-section" data-block={name} open={open || issueCount > 0} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {title}
        {issueCount > 0 && <span className="issue"> · {issueCount === 1 ? '1 issue' : `${issueCount} issues`}</span>}
      </summary>
      {children}
    </details>
  );
}

type SectionProps = BlockProps & { issueCount: (block: string) => number };

/** Active probes (path, method, interval, expected answer, thresholds) and passive outlier detection. */
export function HealthSection({ draft, update, issueFor, issueCount }: SectionProps) {
  const field = (label: string, path: (string | number)[], placeholder?: string, numeric = false) => (
    <DraftField label={label} path={['health', ...path]} placeholder={placeholder} numeric={numeric} draft={draft} update={update} issueFor={issueFor} />
  );
  const health = isObject(draft.health) ? draft.health : {};
  const methodId = inputId(['health', 'method']);
  return (
    <Section title="Health checks" name="health" present={draft.health !== undefined} issueCount={issueCount('health')}>
      <p className="muted">Active probes run when a probe path is set; passive outlier detection ejects a target that keeps failing real requests.</p>
      <div className="field-row">
        {field('Probe path', ['path'], '/healthz')}
        <div className="field">
          <label htmlFor={methodId}>Probe method</label>
          <select
            id={methodId}
            value={typeof health.method === 'string' ? health.method : ''}
            onChange={(e) => update(['health', 'method'], e.target.value || undefined)}
          >
            <option value="">GET (default)</option>
            <option>GET</option>
            <option>HEAD</option>
            <option>OPTIONS</option>
          </select>
          {issueFor('health.method')}
        </div>
        {field('Probe interval', ['interval'], '10s')}
        {field('Probe timeout', ['timeout'], '2s')}
      </div>
      <div className="field-row">
        {field('Expected status', ['expectStatus'], '200-399')}
        {field('Expected body text', ['expectBody'], 'ok')}
        {field('Healthy after', ['healthyAfter'], '1', true)}
        {field('Unhealthy after', ['unhealthyAfter'], '2', true)}
        {field('Probe jitter', ['jitter'], '0.1', true)}
      </div>
      <h3 className="pairs-title">Outlier detection</h3>
      <div className="field-row">
        {field('Eject after consecutive 5xx', ['outlier', 'consecutive5xx'], '5', true)}
        {field('Eject after consecutive failures', ['outlier', 'consecutiveFailures'], '5', true)}
        {field('Base ejection', ['outlier', 'baseEjection'], '30s')}
        {field('Max ejection', ['outlier', 'maxEjection'], '5m')}
        {field('Max ejected %', ['outlier', 'maxEjectedPercent'], '50', true)}
        {field('Panic threshold %', ['outlier', 'panicThreshold'], '50', true)}
      </div>
      {issueFor('health.outlier')}
      {issueFor('health')}
    </Section>
  );
}

/** The connection pool and timeouts per target, and TLS to https targets (CA, client certificate, insecure). */
export function ConnectionSection({ draft, update, issueFor, issueCount }: SectionProps) {
  const field = (label: string, path: (string | number)[], placeholder?: string, numeric = false) => (
    <DraftField label={label} path={path} placeholder={placeholder} numeric={numeric} draft={draft} update={update} issueFor={issueFor} />
  );
  const tls = isObject(draft.tls) ? draft.tls : {};
  return (
    <Section
      title="Connections and TLS"
      name="connections"
      present={draft.pool !== undefined || draft.tls !== undefined}
      issueCount={issueCount('pool') + issueCount('tls')}
    >
      <div className="field-row">
        {field('Connections per target', ['pool', 'connections'], '128', true)}
        {field('Max pending', ['pool', 'maxPending'], '1024', true)}
        {field('Keep-alive', ['pool', 'keepAlive'], '4s')}
      </div>
      <div className="field-row">
        {field('Connect timeout', ['pool', 'connectTimeout'], '5s')}
        {field('Headers timeout', ['pool', 'headersTimeout'], '30s')}
        {field('Body timeout', ['pool', 'bodyTimeout'], '30s')}
      </div>
      {issueFor('pool')}
      <div className="field-row">
        {field('CA file', ['tls', 'ca'], 'certs/ca.pem')}
        {field('Client certificate', ['tls', 'cert'], 'certs/client.pem')}
        {field('Client key', ['tls', 'key'], 'certs/client-key.pem')}
        {field('Server name', ['tls', 'servername'], 'the target host')}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={tls.insecure === true} onChange={(e) => update(['tls', 'insecure'], e.target.checked ? true : undefined)} />
        Accept any certificate (insecure, for testing)
      </label>
      {issueFor('tls.insecure')}
      {issueFor('tls')}
    </Section>
  );
}

/** The common fields of the resilience blocks; the rest of each block (failOn, backoff, budget…) is kept and edited in the YAML tab. */
export function ResilienceSection({ draft, update, issueFor, issueCount }: SectionProps) {
  const field = (label: string, path: (string | number)[], placeholder?: string, numeric = false) => (
    <DraftField label={label} path={path} placeholder={placeholder} numeric={numeric} draft={draft} update={update} issueFor={issueFor} />
  );
  const blocks = ['timeout', 'retry', 'circuitBreaker', 'bulkhead', 'hedge', 'slo'];
  return (
    <Section
      title="Resilience"
      name="resilience"
      present={blocks.some((block) => draft[block] !== undefined)}
      issueCount={blocks.reduce((sum, block) => sum + issueCount(block), 0)}
    >
      <div className="field-row">
        {isObject(draft.timeout) ? (
          <p className="muted">The timeout is {'{ total, header }'}: edit it in the YAML tab.</p>
        ) : (
          field('Request timeout', ['timeout'], 'e.g. 5s')
        )}
        {field('Retry attempts', ['retry', 'attempts'], '3', true)}
        {field('Per-try timeout', ['retry', 'perTryTimeout'], 'e.g. 1s')}
      </div>
      {issueFor('timeout')}
      {issueFor('retry')}
      <div className="field-row">
        {field('Breaker failure threshold', ['circuitBreaker', 'failureThreshold'], '5', true)}
        {field('Breaker open for', ['circuitBreaker', 'openFor'], '30s')}
        {field('Max concurrent', ['bulkhead', 'maxConcurrent'], 'e.g. 100', true)}
        {field('Max queued', ['bulkhead', 'maxQueued'], '0', true)}
        {field('Hedge after', ['hedge', 'after'], 'e.g. p95 or 50ms')}
        {field('Hedge max', ['hedge', 'max'], '1', true)}
      </div>
      {issueFor('circuitBreaker')}
      {issueFor('bulkhead')}
      {issueFor('hedge')}
      {issueFor('slo')}
      <p className="muted">Retry conditions and backoff, breaker windows, the retry budget and the SLO are kept as they are: edit them in the YAML tab.</p>
    </Section>
  );
}

/** Every place the form shows issues under, so an issue elsewhere is listed above the form. */
export function placesOfUpstream(draft: Draft): string[] {
  const targets = Array.isArray(draft.targets) ? draft.targets.length : 0;
  const health = ['path', 'method', 'interval', 'timeout', 'expectStatus', 'expectBody', 'healthyAfter', 'unhealthyAfter', 'jitter'].map((f) => `health.${f}`);
  const outlier = ['consecutive5xx', 'consecutiveFailures', 'baseEjection', 'maxEjection', 'maxEjectedPercent', 'panicThreshold'].map(
    (f) => `health.outlier.${f}`,
  );
  const pool = ['connections', 'maxPending', 'keepAlive', 'connectTimeout', 'headersTimeout', 'bodyTimeout'].map((f) => `pool.${f}`);
  const tls = ['ca', 'cert', 'key', 'servername', 'insecure'].map((f) => `tls.${f}`);
  const hashed = isObject(draft.balance) && isObject(draft.balance['consistent-hash']);
  return [
    'id',
    ...Array.from({ length: targets }, (_, i) => [`targets[${i}].url`, `targets[${i}].weight`, `targets[${i}]`]).flat(),
    'targets',
    ...(hashed ? ['balance["consistent-hash"].key', 'balance["consistent-hash"].virtualNodes'] : []),
    'balance',
    ...health,
    ...outlier,
    'health.outlier',
    'health',
    ...pool,
    'pool',
    ...tls,
    'tls',
    'timeout',
    'retry.attempts',
    'retry.perTryTimeout',
    'retry',
    'circuitBreaker.failureThreshold',
    'circuitBreaker.openFor',
    'circuitBreaker',
    'bulkhead.maxConcurrent',
    'bulkhead.maxQueued',
    'bulkhead',
    'hedge.after',
    'hedge.max',
    'hedge',
    'slo',
  ];
}
