import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parse, parseAllDocuments } from 'yaml';
import type { Mimicus } from '../../src/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { envNamesIn, getAs, parseServeArgs, readDeployFile, serveDeployedConfig, withoutRedisStore } from './deploy-files.js';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}
type Labels = Record<string, string>;
interface Container {
  name: string;
  args: string[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports: { name: string; containerPort: number }[];
  startupProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  volumes: { name: string; configMap?: { name: string }; emptyDir?: object }[];
  securityContext: { runAsUser: number; runAsNonRoot: boolean };
}
interface DeploymentObject extends K8sObject {
  spec: { selector: { matchLabels: Labels }; template: { metadata: { labels: Labels }; spec: PodSpec } };
}
interface ServiceObject extends K8sObject {
  spec: { selector: Labels; ports: { name: string; port: number; targetPort: string }[] };
}

/** The kubernetes-models class of each kind the manifests may hold: an object of any other kind fails the test. */
const models: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

/** KEY=VALUE lines of a kustomize env file. */
function parseEnvFile(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

/**
 * What `kubectl kustomize deploy/k8s` prints, for the features the kustomization uses (no kustomize
 * here): its resources, and the Secret of its secretGenerator, filled from `env` as a user's
 * admin-keys.env would be. A kustomization field this does not know fails the test instead of
 * being left out.
 */
function renderKustomization(env: Record<string, string>): K8sObject[] {
  const kustomization = parse(readDeployFile('k8s/kustomization.yaml')) as {
    resources: string[];
    secretGenerator: { name: string; envs: string[] }[];
    generatorOptions: { disableNameSuffixHash: boolean };
  };
  expect(Object.keys(kustomization).sort()).toEqual(['apiVersion', 'generatorOptions', 'kind', 'resources', 'secretGenerator']);
  expect(kustomization.generatorOptions).toEqual({ disableNameSuffixHash: true });
  const objects = kustomization.resources.flatMap((file) =>
    parseAllDocuments(readDeployFile(`k8s/${file}`))
      .map((document) => document.toJS() as K8sObject | null)
      .filter((object): object is K8sObject => object !== null),
  );
  for (const generator of kustomization.secretGenerator) {
    expect(generator.envs).toEqual(['admin-keys.env']);
    const names = Object.keys(parseEnvFile(readDeployFile('k8s/admin-keys.env.example')));
    const data = Object.fromEntries(names.map((name) => [name, Buffer.from(env[name] ?? '').toString('base64')]));
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: generator.name }, type: 'Opaque', data });
  }
  return objects;
}

const keys = { MIMICUS_ADMIN_KEY: 'k8s-admin-key-0123456789abcdef', MIMICUS_METRICS_KEY: 'k8s-read-key-0123456789abcdef' };
const objects = renderKustomization(keys);
const find = <T extends K8sObject>(kind: string, name: string): T => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found as T;
};
const matches = (selector: Labels, labels: Labels): boolean => Object.entries(selector).every(([key, value]) => labels[key] === value);
const secretKeys = (name: string): string[] => Object.keys(find<K8sObject & { data: Labels }>('Secret', name).data);

const deployment = find<DeploymentObject>('Deployment', 'mimicus');
const pod = deployment.spec.template.spec;
const container = pod.containers.find((candidate) => candidate.name === 'mimicus')!;
const configMap = find<K8sObject & { data: Record<string, string> }>('ConfigMap', 'mimicus-config');
const configText = configMap.data['mimicus.yaml']!;
const config = parse(configText) as { server: { port: number; host: string }; admin: { port: number; host: string }; state: { url: string } };
const portOf = (name: string): number => container.ports.find((port) => port.name === name)!.containerPort;

describe('deploy/k8s (Kustomize manifests)', () => {
  it('renders objects that each validate against the Kubernetes object schemas', () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual([
      'ConfigMap/mimicus-config',
      'Deployment/mimicus',
      'Deployment/mimicus-redis',
      'HorizontalPodAutoscaler/mimicus',
      'PodDisruptionBudget/mimicus',
      'Secret/mimicus-admin-keys',
      'Service/mimicus',
      'Service/mimicus-redis',
      'ServiceMonitor/mimicus',
    ]);
    for (const object of objects) {
      const Model = models[`${object.apiVersion}/${object.kind}`];
      expect(Model, `${object.apiVersion} ${object.kind}`).toBeDefined();
      expect(() => new Model!(object as never).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
    }
  });

  it('validation catches a wrong field type, so the check above can fail', () => {
    const broken = structuredClone(deployment);
    (broken.spec.template.spec.containers[0]!.ports[0] as { containerPort: unknown }).containerPort = 'eighty';
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort/);
  });

  it('runs mimicus serve with flags it knows, on the ConfigMap it mounts, keeping its data in a mounted volume', async () => {
    const { config: path, options } = await parseServeArgs(container.args);
    expect(options).toMatchObject({ host: '0.0.0.0', dataDir: '/data', adminHost: '0.0.0.0', adminPort: config.admin.port, writeBack: false, watch: false });
    const configMount = container.volumeMounts.find((mount) => path.startsWith(`${mount.mountPath}/`))!;
    const configVolume = pod.volumes.find((volume) => volume.name === configMount.name)!;
    expect(configVolume.configMap?.name).toBe(configMap.metadata.name);
    expect(Object.keys(configMap.data)).toContain(path.slice(configMount.mountPath.length + 1));
    const mountedAt = (dir: string) => container.volumeMounts.find((mount) => mount.mountPath === dir)?.name;
    expect(pod.volumes.map((volume) => volume.name)).toContain(mountedAt('/data'));
    for (const mount of container.volumeMounts) expect(pod.volumes.map((volume) => volume.name)).toContain(mount.name);
    // The image's user is `node` (uid 1000): the pod runs as that user, never as root.
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  });

  it('exposes the ports the config listens on and probes /api/health on the admin port', () => {
    expect(config.server).toMatchObject({ host: '0.0.0.0' });
    expect(portOf('http')).toBe(config.server.port);
    expect(portOf('admin')).toBe(config.admin.port);
    for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
      expect(probe.httpGet).toEqual({ path: '/api/health', port: 'admin' });
    }
  });

  it('gives the container every environment variable its config reads, from the generated Secret or a value', () => {
    const provided = new Map(container.env.map((variable) => [variable.name, variable]));
    expect(envNamesIn(configText).sort()).toEqual(['MIMICUS_ADMIN_KEY', 'MIMICUS_METRICS_KEY', 'MIMICUS_REDIS_URL']);
    for (const name of envNamesIn(configText)) expect(provided.has(name), name).toBe(true);
    for (const variable of container.env) {
      const reference = variable.valueFrom?.secretKeyRef;
      if (reference) expect(secretKeys(reference.name)).toContain(reference.key);
    }
  });

  it('points the Redis URL at the in-cluster Redis Service, whose pods listen there', () => {
    const url = new URL(container.env.find((variable) => variable.name === 'MIMICUS_REDIS_URL')!.value!);
    expect(withoutRedisStore(configText)).toMatchObject({ store: 'redis', url: '${MIMICUS_REDIS_URL:-redis://mimicus-redis:6379}' });
    expect(url.protocol).toBe('redis:');
    const service = find<ServiceObject>('Service', url.hostname);
    const port = service.spec.ports.find((candidate) => candidate.port === Number(url.port))!;
    const redis = find<DeploymentObject>('Deployment', 'mimicus-redis');
    expect(matches(service.spec.selector, redis.spec.template.metadata.labels)).toBe(true);
    expect(redis.spec.template.spec.containers[0]!.ports.map((candidate) => candidate.name)).toContain(port.targetPort);
  });

  it('wires Service, ServiceMonitor, HPA and PDB to the Mimicus pods and their named ports', () => {
    const service = find<ServiceObject>('Service', 'mimicus');
    const podLabels = deployment.spec.template.metadata.labels;
    expect(matches(deployment.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(matches(service.spec.selector, podLabels)).toBe(true);
    for (const port of service.spec.ports) expect(portOf(port.targetPort)).toBe(port.port);

    const monitor = find<
      K8sObject & {
        spec: { selector: { matchLabels: Labels }; endpoints: { port: string; path: string; authorization: { credentials: { name: string; key: string } } }[] };
      }
    >('ServiceMonitor', 'mimicus');
    expect(matches(monitor.spec.selector.matchLabels, service.metadata.labels!)).toBe(true);
    const [endpoint] = monitor.spec.endpoints;
    expect(endpoint).toMatchObject({ port: 'admin', path: '/metrics' });
    expect(service.spec.ports.map((port) => port.name)).toContain(endpoint!.port);
    expect(secretKeys(endpoint!.authorization.credentials.name)).toContain(endpoint!.authorization.credentials.key);
    expect(endpoint!.authorization.credentials.key).toBe('MIMICUS_METRICS_KEY');

    const hpa = find<K8sObject & { spec: { scaleTargetRef: { kind: string; name: string } } }>('HorizontalPodAutoscaler', 'mimicus');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    const pdb = find<K8sObject & { spec: { selector: { matchLabels: Labels } } }>('PodDisruptionBudget', 'mimicus');
    expect(matches(pdb.spec.selector.matchLabels, podLabels)).toBe(true);
  });

  describe('the ConfigMap config, served as written, its Redis a real redis-server given as the external URL', () => {
    let mimicus: Mimicus;
    let adminPort: number;
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
      // MIMICUS_REDIS_URL is how the Deployment points the pods at an external Redis instead of the in-cluster one.
      mimicus = await serveDeployedConfig(configText, { ...keys, MIMICUS_REDIS_URL: redis.url });
      adminPort = Number(new URL(mimicus.adminUrl!).port);
    }, 60_000);
    afterAll(async () => {
      await mimicus?.close();
      await redis?.stop();
    });

    it('answers the kubelet probe, which names the pod IP and sends no key', async () => {
      const probe = await getAs(`${mimicus.adminUrl}/api/health`, `10.244.3.17:${adminPort}`);
      expect(probe).toEqual({ status: 200, body: JSON.stringify({ status: 'ok' }) });
    });

    it('serves /metrics to the ServiceMonitor with the read key only', async () => {
      const podHost = `10.244.3.17:${adminPort}`;
      const scrape = await getAs(`${mimicus.adminUrl}/metrics`, podHost, { authorization: `Bearer ${keys.MIMICUS_METRICS_KEY}` });
      expect(scrape.status).toBe(200);
      expect(scrape.body).toContain('mimicus_requests_total');
      expect((await getAs(`${mimicus.adminUrl}/metrics`, podHost)).status).toBe(401);
      expect((await getAs(`${mimicus.adminUrl}/metrics`, podHost, { authorization: 'Bearer not-the-key-0123456789' })).status).toBe(401);
    });

    it('answers in-cluster clients by the Service name, and no other name', async () => {
      const key = { authorization: `Bearer ${keys.MIMICUS_ADMIN_KEY}` };
      expect((await getAs(`${mimicus.adminUrl}/api/status`, `mimicus:${adminPort}`, key)).status).toBe(200);
      expect((await getAs(`${mimicus.adminUrl}/api/status`, `attacker.example:${adminPort}`, key)).status).toBe(421);
    });

    it('refuses to start with the example env file left unfilled (no empty or shared keys)', async () => {
      const example = parseEnvFile(readDeployFile('k8s/admin-keys.env.example'));
      expect(Object.values(example)).toEqual(['', '']);
      const started = serveDeployedConfig(configText, { ...example, MIMICUS_REDIS_URL: redis.url });
      await expect(started).rejects.toThrow(/admin\.apiKeys\[0\]\.key/);
    });

    it('serves its mocks on the data plane, with its state in Redis', async () => {
      expect(await (await fetch(`${mimicus.url}/api/health`)).json()).toEqual({ status: 'ok' });
      const status = (await (await fetch(`${mimicus.adminUrl}/api/status`, { headers: { authorization: `Bearer ${keys.MIMICUS_ADMIN_KEY}` } })).json()) as {
        cluster?: { redisUp: boolean; instances: unknown[] };
      };
      expect(status.cluster).toMatchObject({ redisUp: true });
    });
  });
});
