import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

import { builtPlatformServices } from './built-platform';
import { DEDICATED_OFFICES, natsConfUsers } from './nats-conf';

const K8S = join(__dirname, '..', 'k8s');
const KUBECTL = process.env.KUBECTL_BIN ?? 'kubectl';
const PLATFORM_SERVICES = builtPlatformServices();

type Labels = Record<string, string>;

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
}

interface PodTemplate {
  metadata: { labels: Labels };
  spec: { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } };
}

interface Selector {
  matchLabels?: Labels;
  matchExpressions?: unknown[];
}

interface PolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string };
}

interface PolicyRule {
  to?: PolicyPeer[];
  from?: PolicyPeer[];
  ports?: { protocol?: string; port: number | string }[];
}

/** The fields of a rendered resource these tests read; each kind fills its own. */
interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec: {
    replicas?: number;
    selector?: Selector & Labels;
    template?: PodTemplate;
    ports?: { port: number; targetPort: string | number }[];
    maxUnavailable?: number | string;
    minAvailable?: number | string;
    scaleTargetRef?: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    instances?: number;
    bootstrap?: { initdb?: { database: string; owner: string; postInitApplicationSQL?: string[] } };
    podSelector?: Selector;
    policyTypes?: string[];
    egress?: PolicyRule[];
    ingress?: PolicyRule[];
  };
}

interface Overlay {
  name: string;
  namespace: string;
  streamReplicas: string;
  databaseInstances: number;
  /** The Chiapas care Deployment beside the national one. */
  chiapas: boolean;
}

const OVERLAYS: Overlay[] = [
  { name: 'dev', namespace: 'opis-dev', streamReplicas: '1', databaseInstances: 1, chiapas: false },
  { name: 'production', namespace: 'opis', streamReplicas: '3', databaseInstances: 3, chiapas: false },
  { name: 'production-chiapas', namespace: 'opis', streamReplicas: '3', databaseInstances: 3, chiapas: true },
];

function render(overlay: string): Resource[] {
  const output = execFileSync(KUBECTL, ['kustomize', join(K8S, 'overlays', overlay)], { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJSON() as Resource;
  });
}

function find(resources: Resource[], kind: string, name: string): Resource {
  const found = resources.find((resource) => resource.kind === kind && resource.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** matchLabels only: a selector with expressions fails, so that no rule is judged half-read. */
function selects(selector: Selector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  if (selector.matchExpressions?.length) throw new Error('matchExpressions are not checked here');
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

function serviceSelects(selector: Labels | undefined, labels: Labels): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}

function container(workload: Resource): Container {
  const containers = workload.spec.template?.spec.containers ?? [];
  expect(containers).toHaveLength(1);
  return containers[0];
}

function env(workload: Resource, name: string): EnvVar | undefined {
  return container(workload).env?.find((variable) => variable.name === name);
}

/** Every egress rule that applies to pods with these labels, across all policies (they add up). */
function egressOf(resources: Resource[], labels: Labels): PolicyRule[] {
  return resources
    .filter((resource) => resource.kind === 'NetworkPolicy')
    .filter((policy) => policy.spec.policyTypes?.includes('Egress') && selects(policy.spec.podSelector, labels))
    .flatMap((policy) => policy.spec.egress ?? []);
}

function ingressOf(resources: Resource[], labels: Labels): PolicyRule[] {
  return resources
    .filter((resource) => resource.kind === 'NetworkPolicy')
    .filter((policy) => policy.spec.policyTypes?.includes('Ingress') && selects(policy.spec.podSelector, labels))
    .flatMap((policy) => policy.spec.ingress ?? []);
}

function expectHardened(workload: Resource): void {
  const pod = workload.spec.template as PodTemplate;
  expect(pod.spec.securityContext?.runAsNonRoot).toBe(true);
  const security = container(workload).securityContext;
  expect(security).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  expect(security?.capabilities?.drop).toEqual(['ALL']);
  const resources = container(workload).resources;
  expect(resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
  expect(resources?.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
}

/** A password, key or token is only ever a reference to a Secret, never a value in the manifests. */
function expectSecretsByReference(workload: Resource): void {
  for (const variable of container(workload).env ?? []) {
    if (/PASSWORD|TOKEN|KEYS?$/.test(variable.name)) {
      expect({ [variable.name]: variable.valueFrom?.secretKeyRef?.name }).toEqual({ [variable.name]: expect.any(String) });
    }
  }
}

describe.each(OVERLAYS)('kubectl kustomize deploy/k8s/overlays/$name', (overlay) => {
  let resources: Resource[];

  beforeAll(() => {
    resources = render(overlay.name);
  });

  it(`puts everything in namespace ${overlay.namespace} and commits no Secret with data`, () => {
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(`${resource.kind}/${resource.metadata.name}: ${resource.metadata.namespace}`).toBe(`${resource.kind}/${resource.metadata.name}: ${overlay.namespace}`);
    for (const secret of resources.filter((resource) => resource.kind === 'Secret')) {
      expect({ name: secret.metadata.name, data: secret.data, stringData: secret.stringData }).toEqual({ name: secret.metadata.name, data: undefined, stringData: undefined });
    }
    for (const configMap of resources.filter((resource) => resource.kind === 'ConfigMap')) {
      expect(Object.keys(configMap.data ?? {}).filter((key) => /PASSWORD|SECRET|TOKEN|KEYS?$/.test(key))).toEqual([]);
    }
  });

  describe.each(PLATFORM_SERVICES.map((service) => ({ name: service.name, port: service.port })))('$name', ({ name, port }) => {
    it('has a hardened Deployment with probes, resources and its own NATS user and database', () => {
      const deployment = find(resources, 'Deployment', name);
      const main = container(deployment);
      expect(main.image).toMatch(new RegExp(`^opis/${name}:[\\w.-]+$`));
      expect(main.ports).toEqual([
        { name: 'http', containerPort: port },
        { name: 'metrics', containerPort: 9464 },
      ]);
      expect(env(deployment, 'PORT')?.value).toBe(String(port));
      expect(main.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(main.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expectHardened(deployment);
      expectSecretsByReference(deployment);
      expect(main.envFrom).toContainEqual({ configMapRef: { name: 'opis-common' } });
      expect(env(deployment, 'NATS_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: 'opis-nats-users', key: name });
      expect(env(deployment, 'NATS_URL')?.value).toBe(`nats://${name}:$(NATS_PASSWORD)@opis-nats:4222`);
      expect(env(deployment, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: `${name}-db-app`, key: 'uri' });
      // The national instance serves every office.
      expect(env(deployment, 'OFFICES')).toBeUndefined();
    });

    it('serves /metrics on a port of its own, which only namespace monitoring reaches and no Service exposes', () => {
      const deployment = find(resources, 'Deployment', name);
      const common = find(resources, 'ConfigMap', 'opis-common');
      expect(common.data).toEqual(expect.objectContaining({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }));
      const rules = ingressOf(resources, deployment.spec.template?.metadata.labels ?? {});
      const byPort = rules.map((rule) => ({
        ports: (rule.ports ?? []).map((p) => p.port),
        from: (rule.from ?? []).map((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? JSON.stringify(peer)),
      }));
      expect(byPort.filter((rule) => rule.ports.includes('metrics'))).toEqual([{ ports: ['metrics'], from: ['monitoring'] }]);
      expect(find(resources, 'Service', name).spec.ports?.map((p) => p.targetPort)).toEqual(['http']);
    });

    it('has a Service, a PodDisruptionBudget and a HorizontalPodAutoscaler for that Deployment', () => {
      const deployment = find(resources, 'Deployment', name);
      const podLabels = deployment.spec.template?.metadata.labels ?? {};
      const service = find(resources, 'Service', name);
      expect(serviceSelects(service.spec.selector, podLabels)).toBe(true);
      expect(service.spec.ports).toEqual([expect.objectContaining({ port, targetPort: 'http' })]);
      const budget = find(resources, 'PodDisruptionBudget', name);
      expect(selects(budget.spec.selector, podLabels)).toBe(true);
      expect(budget.spec.maxUnavailable ?? budget.spec.minAvailable).toBeDefined();
      const autoscaler = find(resources, 'HorizontalPodAutoscaler', name);
      expect(autoscaler.spec.scaleTargetRef).toEqual(expect.objectContaining({ kind: 'Deployment', name }));
      expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(1);
      expect(autoscaler.spec.maxReplicas).toBeGreaterThan(autoscaler.spec.minReplicas ?? 0);
    });

    it('migrates its database with a Job running its migrate.js', () => {
      const job = find(resources, 'Job', `${name}-migrate`);
      expect(container(job).image).toBe(container(find(resources, 'Deployment', name)).image);
      expect(container(job).command).toEqual(['node', `dist/services/${name}/src/migrate.js`]);
      expect(env(job, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: `${name}-db-app`, key: 'uri' });
      expectHardened(job);
      expectSecretsByReference(job);
    });

    it('has its own CloudNativePG cluster', () => {
      const cluster = find(resources, 'Cluster', `${name}-db`);
      expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
      expect(cluster.spec.instances).toBe(overlay.databaseInstances);
      const database = name.replace(/-/g, '_');
      expect(cluster.spec.bootstrap?.initdb).toEqual(expect.objectContaining({ database, owner: database }));
      if (name === 'intake') {
        // Duplicate search needs trigrams (deploy/postgres/init/01-databases.sh does the same).
        expect(cluster.spec.bootstrap?.initdb?.postInitApplicationSQL).toContain('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      }
    });

    it('reaches only DNS, NATS and its own database, and its database takes only it', () => {
      for (const workload of [find(resources, 'Deployment', name), find(resources, 'Job', `${name}-migrate`)]) {
        const rules = egressOf(resources, workload.spec.template?.metadata.labels ?? {});
        expect(rules.length).toBeGreaterThan(0);
        const destinations = rules.flatMap((rule) => {
          // A rule without `to` would allow every destination.
          expect(rule.to?.length).toBeGreaterThan(0);
          return (rule.to ?? []).map((peer) => {
            const labels = peer.podSelector?.matchLabels ?? {};
            const ports = (rule.ports ?? []).map((p) => p.port).join(',');
            if (labels['cnpg.io/cluster']) return `database ${labels['cnpg.io/cluster']}:${ports}`;
            if (labels['app.kubernetes.io/name'] === 'nats') return `nats:${ports}`;
            if (labels['k8s-app'] === 'kube-dns') return `dns:${ports}`;
            if (peer.ipBlock) return `identity provider ${peer.ipBlock.cidr}:${ports}`;
            return `unexpected ${JSON.stringify(peer)}`;
          });
        });
        const expected = [`database ${name}-db:5432`, 'nats:4222', 'dns:53,53'];
        // Production verifies tokens against the identity provider's JWKS over HTTPS.
        const identityProvider = destinations.filter((destination) => destination.startsWith('identity provider'));
        expect(identityProvider.every((destination) => destination.endsWith(':443'))).toBe(true);
        expect(destinations.filter((destination) => !destination.startsWith('identity provider')).sort()).toEqual(expected.sort());
      }
      const databasePolicy = find(resources, 'NetworkPolicy', `${name}-db`);
      expect(databasePolicy.spec.podSelector?.matchLabels).toEqual({ 'cnpg.io/cluster': `${name}-db` });
      const clients = (databasePolicy.spec.ingress ?? []).flatMap((rule) => rule.from ?? []).map((peer) => peer.podSelector?.matchLabels?.['opis.mx/service']).filter(Boolean);
      expect(clients).toEqual([name]);
    });
  });

  it('provisions the streams with a Job as the provisioner, with the overlay\'s replicas', () => {
    const job = find(resources, 'Job', 'opis-provision');
    expect(container(job).command).toEqual(['node', 'dist/scripts/provision.js']);
    expect(env(job, 'NATS_URL')?.value).toBe('nats://provisioner:$(NATS_PASSWORD)@opis-nats:4222');
    expect(env(job, 'NATS_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: 'opis-nats-users', key: 'provisioner' });
    expect(env(job, 'STREAM_REPLICAS')?.value).toBe(overlay.streamReplicas);
    expectHardened(job);
    const destinations = egressOf(resources, job.spec.template?.metadata.labels ?? {}).flatMap((rule) => rule.to ?? []);
    expect(destinations.map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] ?? peer.podSelector?.matchLabels?.['k8s-app']).sort()).toEqual(['kube-dns', 'nats']);
  });

  it(overlay.chiapas ? 'runs a care Deployment for Chiapas (OFFICES=CHP) beside the national one' : 'has no Chiapas care Deployment', () => {
    const chiapas = resources.filter((resource) => resource.metadata.name === 'care-chp');
    if (!overlay.chiapas) {
      expect(chiapas).toEqual([]);
      expect(env(find(resources, 'Deployment', 'care'), 'DEDICATED_OFFICES')).toBeUndefined();
      expect(env(find(resources, 'Job', 'opis-provision'), 'CARE_DEDICATED_OFFICES')).toBeUndefined();
      return;
    }
    expect(chiapas.map((resource) => resource.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);
    const national = find(resources, 'Deployment', 'care');
    const deployment = find(resources, 'Deployment', 'care-chp');
    expect(env(deployment, 'OFFICES')?.value).toBe('CHP');
    // The national instance leaves Chiapas's events to care-chp, whose durable the Job creates.
    expect(env(national, 'DEDICATED_OFFICES')?.value).toBe(DEDICATED_OFFICES.care?.join(','));
    expect(env(find(resources, 'Job', 'opis-provision'), 'CARE_DEDICATED_OFFICES')?.value).toBe(env(national, 'DEDICATED_OFFICES')?.value);
    expect(container(deployment).image).toBe(container(national).image);
    expect(env(deployment, 'DATABASE_URL')).toEqual(env(national, 'DATABASE_URL'));
    expect(env(deployment, 'NATS_URL')).toEqual(env(national, 'NATS_URL'));
    expectHardened(deployment);
    const chiapasPods = deployment.spec.template?.metadata.labels ?? {};
    const nationalPods = national.spec.template?.metadata.labels ?? {};
    // Each Service and budget takes its own instance's pods only.
    expect(serviceSelects(find(resources, 'Service', 'care-chp').spec.selector, chiapasPods)).toBe(true);
    expect(serviceSelects(find(resources, 'Service', 'care-chp').spec.selector, nationalPods)).toBe(false);
    expect(serviceSelects(find(resources, 'Service', 'care').spec.selector, chiapasPods)).toBe(false);
    expect(selects(find(resources, 'PodDisruptionBudget', 'care-chp').spec.selector, nationalPods)).toBe(false);
    expect(selects(find(resources, 'PodDisruptionBudget', 'care').spec.selector, chiapasPods)).toBe(false);
    expect(find(resources, 'HorizontalPodAutoscaler', 'care-chp').spec.scaleTargetRef?.name).toBe('care-chp');
    // Care's policy holds for it too: care's database and NATS only.
    const databases = egressOf(resources, chiapasPods).flatMap((rule) => rule.to ?? []).map((peer) => peer.podSelector?.matchLabels?.['cnpg.io/cluster']).filter(Boolean);
    expect(databases).toEqual(['care-db']);
  });
});

describe('NATS Helm values (deploy/k8s/nats/values.yaml)', () => {
  interface HelmUser {
    user: string;
    password: string;
    permissions: { publish: { allow: string[] }; subscribe: { allow: string[] }; allow_responses?: { max: number; expires: string } };
  }
  interface NatsValues {
    config: {
      cluster: { enabled: boolean; replicas: number };
      jetstream: { enabled: boolean };
      merge: { accounts: { OPIS: { jetstream: string; users: HelmUser[] } } };
    };
    container: { env: Record<string, { valueFrom: { secretKeyRef: { name: string; key: string } } }> };
  }
  const values = parse(readFileSync(join(K8S, 'nats', 'values.yaml'), 'utf8')) as NatsValues;

  it('makes a three-server JetStream cluster', () => {
    expect(values.config.cluster).toEqual(expect.objectContaining({ enabled: true, replicas: 3 }));
    expect(values.config.jetstream.enabled).toBe(true);
    expect(values.config.merge.accounts.OPIS.jetstream).toBe('enabled');
  });

  it("has nats.conf's users and permissions, without the developer, passwords from Secret opis-nats-users", () => {
    const fromConf = natsConfUsers().filter((user) => user.user !== 'developer');
    const helmUsers = values.config.merge.accounts.OPIS.users;
    expect(
      helmUsers.map((user) => ({
        user: user.user,
        publish: user.permissions.publish.allow,
        subscribe: user.permissions.subscribe.allow,
        allowResponses: user.permissions.allow_responses,
      })),
    ).toEqual(fromConf.map((user) => ({ user: user.user, publish: user.publish, subscribe: user.subscribe, allowResponses: user.allowResponses })));
    for (const user of fromConf) {
      expect(helmUsers.find((helmUser) => helmUser.user === user.user)?.password).toBe(`<< $${user.passwordVariable} >>`);
      expect(values.container.env[user.passwordVariable]?.valueFrom.secretKeyRef).toEqual({ name: 'opis-nats-users', key: user.user });
    }
  });
});
