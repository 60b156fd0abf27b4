import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Mimicus } from '../../src/index.js';
import { deployDir, envNamesIn, getAs, parseServeArgs, readDeployFile, serveDeployedConfig, withoutRedisStore } from './deploy-files.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  secrets?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, null>;
  secrets: Record<string, { environment: string }>;
}

// Compose files use YAML merge keys (`<<: *mimicus`) for the three instances.
const compose = parse(readDeployFile('compose.yaml'), { merge: true }) as ComposeFile;
const services = compose.services;
const instances = ['mimicus-1', 'mimicus-2', 'mimicus-3'];
const configText = readDeployFile('compose/mimicus.yaml');
const config = parse(configText) as {
  server: { port: number; host: string };
  admin: { port: number; apiKeys: { name: string; key: string; role?: string }[]; allowedHosts: string[] };
  state: { url: string };
};

/** A volume entry: `source:target[:ro]`; a source starting with `.` is a file of deploy/, else a named volume. */
const mountsOf = (service: ComposeService) =>
  (service.volumes ?? []).map((entry) => {
    const [source, target] = entry.split(':') as [string, string];
    return { source, target, bind: source.startsWith('.') };
  });
const mountSource = (service: ComposeService, target: string) => mountsOf(service).find((mount) => mount.target === target)?.source;
const dependencies = (service: ComposeService): Record<string, { condition: string } | undefined> =>
  Array.isArray(service.depends_on) ? Object.fromEntries(service.depends_on.map((name) => [name, undefined])) : (service.depends_on ?? {});
/** `[host:]published:container` → the container port. */
const containerPorts = (service: ComposeService) => (service.ports ?? []).map((entry) => Number(entry.split(':').at(-1)));

describe('deploy/compose.yaml', () => {
  it('runs three Mimicus instances, nginx, Redis, Prometheus and Grafana, each with a health check', () => {
    expect(Object.keys(services).sort()).toEqual(['grafana', 'lb', ...instances, 'prometheus', 'redis']);
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test[0], name).toBe('CMD');
      expect(service.healthcheck!.test.length, name).toBeGreaterThan(1);
    }
  });

  it('mounts files that exist, declares every named volume and secret it uses, and depends only on services that exist', () => {
    const used = new Set<string>();
    for (const [name, service] of Object.entries(services)) {
      for (const mount of mountsOf(service)) {
        if (mount.bind) expect(existsSync(join(deployDir, mount.source)), `${name}: ${mount.source}`).toBe(true);
        else used.add(mount.source);
      }
      for (const secret of service.secrets ?? []) expect(Object.keys(compose.secrets), name).toContain(secret);
      for (const [dependency, condition] of Object.entries(dependencies(service))) {
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
        if (condition?.condition === 'service_healthy') expect(services[dependency]!.healthcheck, dependency).toBeDefined();
      }
    }
    expect([...used].sort()).toEqual(Object.keys(compose.volumes).sort());
  });

  it('ships no admin key: compose refuses to start until both are set', () => {
    for (const name of instances) {
      expect(services[name]!.environment).toEqual({
        MIMICUS_ADMIN_KEY: expect.stringMatching(/^\$\{MIMICUS_ADMIN_KEY:\?/),
        MIMICUS_METRICS_KEY: expect.stringMatching(/^\$\{MIMICUS_METRICS_KEY:\?/),
      });
    }
  });

  it('publishes ports on loopback only', () => {
    const published = Object.values(services).flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const entry of published) expect(entry).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('builds the instances from the repository Dockerfile and serves the mounted config with flags mimicus serve knows', async () => {
    for (const name of instances) {
      const service = services[name]!;
      const dockerfile = readFileSync(join(deployDir, service.build!.context, service.build!.dockerfile), 'utf8');
      // The base defaults to the Dockerfile's own default.
      expect(service.build!.args.BASE).toBe(`\${MIMICUS_BASE:-${/^ARG BASE=(\S+)$/m.exec(dockerfile)![1]}}`);
      const { config: path, options } = await parseServeArgs(service.command!);
      expect(mountSource(service, path)).toBe('./compose/mimicus.yaml');
      expect(options).toMatchObject({ host: '0.0.0.0', dataDir: '/data', adminHost: '0.0.0.0', adminPort: config.admin.port, writeBack: false, watch: false });
      expect(mountsOf(service).find((mount) => mount.target === '/data')).toMatchObject({ source: `${name}-data`, bind: false });
      expect(service.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${config.admin.port}/api/health`);
      for (const variable of envNamesIn(configText)) expect(Object.keys(service.environment ?? {}), variable).toContain(variable);
      expect(dependencies(service).redis).toEqual({ condition: 'service_healthy' });
    }
  });

  it('keeps state in the Redis service and lets Prometheus reach the admin listeners by their service names', () => {
    expect(withoutRedisStore(configText)).toMatchObject({ store: 'redis' });
    const redis = new URL(config.state.url);
    expect(redis.hostname).toBe('redis');
    expect(redis.port).toBe('6379');
    expect(config.server).toMatchObject({ host: '0.0.0.0' });
    expect(config.admin.allowedHosts).toEqual(instances);
  });

  it('balances nginx over the three data planes and health-checks it where it listens', () => {
    const nginx = readDeployFile('compose/nginx.conf');
    const upstream = /upstream mimicus \{([\s\S]*?)\}/.exec(nginx)![1]!;
    expect([...upstream.matchAll(/server (\S+)/g)].map((match) => match[1])).toEqual(instances.map((name) => `${name}:${config.server.port}`));
    const listen = Number(/listen (\d+);/.exec(nginx)![1]);
    expect(containerPorts(services.lb!)).toEqual([listen]);
    expect(nginx).toContain('location = /nginx-health');
    expect(services.lb!.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${listen}/nginx-health`);
    expect(mountSource(services.lb!, '/etc/nginx/nginx.conf')).toBe('./compose/nginx.conf');
  });

  it('scrapes each instance with the read-only key and loads the shipped alert rules', () => {
    const prometheus = services.prometheus!;
    const scrape = parse(readDeployFile('compose/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { metrics_path: string; authorization: { credentials_file: string }; static_configs: { targets: string[] }[] }[];
    };
    const [job] = scrape.scrape_configs;
    expect(job!.metrics_path).toBe('/metrics');
    expect(job!.static_configs.flatMap((group) => group.targets)).toEqual(instances.map((name) => `${name}:${config.admin.port}`));
    expect(mountSource(prometheus, '/etc/prometheus/prometheus.yml')).toBe('./compose/prometheus.yml');
    for (const rules of scrape.rule_files) expect(mountSource(prometheus, rules)).toBe('./prometheus/alerts.yaml');
    // Compose mounts a service's secret at /run/secrets/<name>.
    const secret = posix.basename(job!.authorization.credentials_file);
    expect(job!.authorization.credentials_file).toBe(`/run/secrets/${secret}`);
    expect(prometheus.secrets).toContain(secret);
    const readKey = config.admin.apiKeys.find((entry) => entry.role === 'read')!;
    expect(readKey.key).toBe(`\${${compose.secrets[secret]!.environment}}`);
  });

  it('provisions Grafana with the Prometheus data source and the shipped dashboard', () => {
    const grafana = services.grafana!;
    const datasources = parse(readDeployFile('compose/grafana/datasources/prometheus.yaml')) as {
      datasources: { type: string; url: string; isDefault: boolean }[];
    };
    const [source] = datasources.datasources;
    expect(source).toMatchObject({ type: 'prometheus', isDefault: true });
    const url = new URL(source!.url);
    expect(Object.keys(services)).toContain(url.hostname);
    expect(containerPorts(services[url.hostname]!)).toContain(Number(url.port));
    const providers = parse(readDeployFile('compose/grafana/dashboards/mimicus.yaml')) as { providers: { options: { path: string } }[] };
    const dashboardDir = providers.providers[0]!.options.path;
    const dashboard = mountsOf(grafana).find((mount) => mount.source === './grafana/mimicus-dashboard.json')!;
    expect(posix.dirname(dashboard.target)).toBe(dashboardDir);
    expect(mountSource(grafana, '/etc/grafana/provisioning/datasources')).toBe('./compose/grafana/datasources');
    expect(mountSource(grafana, '/etc/grafana/provisioning/dashboards')).toBe('./compose/grafana/dashboards');
  });

  // With its Redis store, on a real redis-server, three times: compose-redis.test.ts.
  describe('the instances config, served alone (its Redis store left out: the Host and key checks need no Redis)', () => {
    const keys = { MIMICUS_ADMIN_KEY: 'compose-admin-key-0123456789', MIMICUS_METRICS_KEY: 'compose-read-key-0123456789' };
    let mimicus: Mimicus;
    let adminPort: number;
    beforeAll(async () => {
      mimicus = await serveDeployedConfig(withoutRedisStore(configText).text, keys);
      adminPort = Number(new URL(mimicus.adminUrl!).port);
    });
    afterAll(() => mimicus?.close());

    it('answers the container health check and Prometheus by service name with the read key', async () => {
      expect((await getAs(`${mimicus.adminUrl}/api/health`, `127.0.0.1:${adminPort}`)).status).toBe(200);
      for (const name of instances) {
        const scrape = await getAs(`${mimicus.adminUrl}/metrics`, `${name}:${adminPort}`, { authorization: `Bearer ${keys.MIMICUS_METRICS_KEY}` });
        expect(scrape.status, name).toBe(200);
      }
      expect((await getAs(`${mimicus.adminUrl}/metrics`, `mimicus-1:${adminPort}`)).status).toBe(401);
      expect((await getAs(`${mimicus.adminUrl}/metrics`, `evil.example:${adminPort}`, { authorization: `Bearer ${keys.MIMICUS_METRICS_KEY}` })).status).toBe(
        421,
      );
    });

    it('lets the read key read and not write', async () => {
      const reset = (key: string) => fetch(`${mimicus.adminUrl}/api/state/global/reset`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
      expect((await reset(keys.MIMICUS_METRICS_KEY)).status).toBe(403);
      expect((await reset(keys.MIMICUS_ADMIN_KEY)).status).toBe(200);
    });

    it('serves the endpoints its comments advertise', async () => {
      expect(await (await fetch(`${mimicus.url}/api/health`)).json()).toEqual({ status: 'ok' });
      const first = (await (await fetch(`${mimicus.url}/api/orders`, { method: 'POST' })).json()) as { orderId: number };
      const second = (await (await fetch(`${mimicus.url}/api/orders`, { method: 'POST' })).json()) as { orderId: number };
      expect([first.orderId, second.orderId]).toEqual([1000, 1001]);
      const created = await fetch(`${mimicus.url}/api/products`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Chisel', price: 12 }),
      });
      expect(created.status).toBe(201);
      expect(await (await fetch(`${mimicus.url}/api/products`)).json()).toEqual([expect.objectContaining({ name: 'Chisel', price: 12 })]);
      expect((await fetch(`${mimicus.url}/api/quota`)).status).toBe(200);
    });
  });
});
