import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

import { runMigrations } from '@opis/platform';
import { freePort } from '@opis/testing';

import { builtPlatformServices, WORKSPACE } from './built-platform';
import { DEDICATED_OFFICES, makeTestCertificates, natsConfUsers, TestCertificates } from './nats-conf';

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
  envFrom?: { configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
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

interface ProjectedSource {
  secret?: { name: string; items?: { key: string; path: string }[] };
}

interface PodTemplate {
  metadata: { labels: Labels };
  spec: {
    containers: Container[];
    securityContext?: { runAsNonRoot?: boolean };
    terminationGracePeriodSeconds?: number;
    volumes?: { name: string; projected?: { sources: ProjectedSource[] }; emptyDir?: object }[];
  };
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
  metadata: { name: string; namespace?: string; labels?: Labels; annotations?: Record<string, string> };
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
    ttlSecondsAfterFinished?: number;
    postgresql?: { synchronous?: { method: string; number: number; dataDurability?: string } };
  };
}

interface Overlay {
  name: string;
  namespace: string;
  /** Where the overlay's images come from (kustomize `images`, newName). */
  registry: string;
  streamReplicas: string;
  databaseInstances: number;
  /** The Chiapas care Deployment beside the national one. */
  chiapas: boolean;
}

const OVERLAYS: Overlay[] = [
  { name: 'dev', namespace: 'opis-dev', registry: 'localhost:5001', streamReplicas: '1', databaseInstances: 1, chiapas: false },
  { name: 'production', namespace: 'opis', registry: 'registry.opis.example.invalid', streamReplicas: '3', databaseInstances: 3, chiapas: false },
  { name: 'production-chiapas', namespace: 'opis', registry: 'registry.opis.example.invalid', streamReplicas: '3', databaseInstances: 3, chiapas: true },
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

/**
 * A pause before SIGTERM, so that the endpoints controller and the ingress stop routing to the pod
 * first; shorter than the grace period, which must still hold the service's own drain.
 */
function expectPreStop(deployment: Resource): void {
  const command = container(deployment).lifecycle?.preStop?.exec?.command ?? [];
  expect(command.slice(0, 2)).toEqual(['node', '-e']);
  const pauseMs = Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(command[2] ?? '')?.[1]);
  expect(pauseMs).toBeGreaterThanOrEqual(3_000);
  expect(pauseMs / 1000 + 15).toBeLessThanOrEqual(deployment.spec.template?.spec.terminationGracePeriodSeconds ?? 30);
}

const TLS_DIR = '/etc/opis/tls';

/** The file a projected volume mounted in `workload` puts at `path`, as secret and key. */
function mountedSecretFile(workload: Resource, path: string): { secret: string; key: string } | undefined {
  const mount = container(workload).volumeMounts?.find((candidate) => path.startsWith(`${candidate.mountPath}/`));
  const volume = workload.spec.template?.spec.volumes?.find((candidate) => candidate.name === mount?.name);
  for (const source of volume?.projected?.sources ?? []) {
    const item = source.secret?.items?.find((candidate) => `${mount?.mountPath}/${candidate.path}` === path);
    if (item && source.secret) return { secret: source.secret.name, key: item.key };
  }
  return undefined;
}

/**
 * TLS to NATS and to its database, each server's name verified: the database URL is
 * CloudNativePG's with sslmode=verify-full and the cluster's CA; Node trusts the CA that issued
 * the NATS servers' certificate, whose names include the host of NATS_URL. Only `ca.crt` of a
 * Secret reaches the pod, never a key.
 */
function expectTlsClient(resources: Resource[], workload: Resource, service: string): void {
  expect(env(workload, 'DATABASE_APP_URI')?.valueFrom?.secretKeyRef).toEqual({ name: `${service}-db-app`, key: 'uri' });
  expect(env(workload, 'DATABASE_URL')?.value).toBe(`$(DATABASE_APP_URI)?sslmode=verify-full&sslrootcert=${TLS_DIR}/database-ca.crt`);
  // CloudNativePG's CA of cluster <service>-db is Secret <service>-db-ca.
  expect(mountedSecretFile(workload, `${TLS_DIR}/database-ca.crt`)).toEqual({ secret: `${find(resources, 'Cluster', `${service}-db`).metadata.name}-ca`, key: 'ca.crt' });
  expectNatsTls(resources, workload);
  for (const volume of workload.spec.template?.spec.volumes ?? []) {
    for (const source of volume.projected?.sources ?? []) expect(source.secret?.items?.map((item) => item.key)).toEqual(['ca.crt']);
  }
}

function expectNatsTls(resources: Resource[], workload: Resource): void {
  const natsCa = `${TLS_DIR}/nats-ca.crt`;
  expect(env(workload, 'NODE_EXTRA_CA_CERTS')?.value).toBe(natsCa);
  const certificate = find(resources, 'Certificate', 'opis-nats-server') as Resource & { spec: { secretName: string; dnsNames: string[] } };
  expect(mountedSecretFile(workload, natsCa)).toEqual({ secret: certificate.spec.secretName, key: 'ca.crt' });
  const natsHost = new URL((env(workload, 'NATS_URL')?.value ?? '').replace('$(NATS_PASSWORD)', 'p')).hostname;
  expect(certificate.spec.dnsNames).toContain(natsHost);
  expect(container(workload).volumeMounts).toContainEqual({ name: 'tls', mountPath: TLS_DIR, readOnly: true });
}

/** The NATS Helm values, as far as these tests read them. */
interface NatsValues {
  config: {
    nats: { tls?: { enabled: boolean; secretName: string } };
    cluster: { enabled: boolean; replicas: number; tls?: { enabled: boolean; secretName: string } };
    jetstream: { enabled: boolean };
    merge: {
      accounts: {
        OPIS: {
          jetstream: string;
          users: {
            user: string;
            password: string;
            permissions: { publish: { allow: string[] }; subscribe: { allow: string[] }; allow_responses?: { max: number; expires: string } };
          }[];
        };
      };
    };
  };
  container: { env: Record<string, { valueFrom: { secretKeyRef: { name: string; key: string } } }> };
  promExporter?: { enabled: boolean; podMonitor?: { enabled: boolean } };
  tlsCA?: { enabled: boolean; secretName: string; key: string };
}

const NATS_VALUES = parse(readFileSync(join(K8S, 'nats', 'values.yaml'), 'utf8')) as NatsValues;

/** The metric names the services register (prom-client `name:` and messaging's gauges), read from the sources. */
function exportedMetrics(): string[] {
  const names = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'test') visit(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(/(?:name: |Gauge\(|Counter\(|Histogram\()'(opis_[a-z_]+)'/g)) names.add(match[1]);
      }
    }
  };
  for (const root of ['libs', 'services']) visit(join(WORKSPACE, root));
  return [...names].sort();
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
      expect(main.image).toMatch(new RegExp(`^${overlay.registry.replace(/\./g, '\\.')}/opis/${name}:[\\w.-]+$`));
      expect(main.ports).toEqual([
        { name: 'http', containerPort: port },
        { name: 'metrics', containerPort: 9464 },
      ]);
      expect(env(deployment, 'PORT')?.value).toBe(String(port));
      expect(main.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(main.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expectPreStop(deployment);
      expectHardened(deployment);
      expectSecretsByReference(deployment);
      expect(main.envFrom).toContainEqual({ configMapRef: { name: 'opis-common' } });
      expect(env(deployment, 'NATS_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: 'opis-nats-users', key: name });
      expect(env(deployment, 'NATS_URL')?.value).toBe(`nats://${name}:$(NATS_PASSWORD)@opis-nats:4222`);
      expectTlsClient(resources, deployment, name);
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
      expectTlsClient(resources, job, name);
      // Gone a while after it finished, so that the next release's Job (immutable) can be applied.
      expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
      expectHardened(job);
      expectSecretsByReference(job);
    });

    it('has its own CloudNativePG cluster', () => {
      const cluster = find(resources, 'Cluster', `${name}-db`);
      expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
      expect(cluster.spec.instances).toBe(overlay.databaseInstances);
      // With standbys, one of them confirms each commit: a failover cannot lose a commit whose
      // event the relay already published. Alone (dev), there is no standby to wait for.
      const synchronous = cluster.spec.postgresql?.synchronous;
      if (overlay.databaseInstances > 1) {
        expect(synchronous).toEqual({ method: 'any', number: 1, dataDurability: 'required' });
        expect(overlay.databaseInstances - 1).toBeGreaterThan(synchronous?.number ?? 0);
      } else {
        expect(synchronous).toBeUndefined();
      }
      const database = name.replace(/-/g, '_');
      expect(cluster.spec.bootstrap?.initdb).toEqual(expect.objectContaining({ database, owner: database }));
      if (name === 'intake') {
        // Duplicate search needs trigrams (deploy/postgres/init/01-databases.sh does the same).
        expect(cluster.spec.bootstrap?.initdb?.postInitApplicationSQL).toContain('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      }
    });

    it('reaches only DNS, NATS and its own database (the gateway\'s API pods each service\'s http port too), and its database takes only it', () => {
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
            // The services behind the gateway's /api/<service>/v1, by their API pods' http port.
            if (labels['opis.mx/service'] && labels['app.kubernetes.io/component'] === 'api') return `service ${labels['opis.mx/service']}:${ports}`;
            // Notifications' alert emails leave through the agency's SMTP relay (submission port).
            if (peer.ipBlock && name === 'notifications' && ports === '587') return `mail relay ${peer.ipBlock.cidr}:${ports}`;
            if (peer.ipBlock) return `identity provider ${peer.ipBlock.cidr}:${ports}`;
            return `unexpected ${JSON.stringify(peer)}`;
          });
        });
        const expected = [`database ${name}-db:5432`, 'nats:4222', 'dns:53,53'];
        // The gateway's API pods, not its migration Job, reach every service (and nothing else of theirs).
        if (name === 'gateway' && workload.kind === 'Deployment') {
          expected.push(...PLATFORM_SERVICES.filter((service) => service.name !== 'gateway').map((service) => `service ${service.name}:http`));
        }
        // Production verifies tokens against the identity provider's JWKS over HTTPS.
        const identityProvider = destinations.filter((destination) => destination.startsWith('identity provider'));
        expect(identityProvider.every((destination) => destination.endsWith(':443'))).toBe(true);
        const relay = destinations.filter((destination) => destination.startsWith('mail relay'));
        expect(relay.every((destination) => /\/32:587$/.test(destination))).toBe(true);
        expect(destinations.filter((destination) => !destination.startsWith('identity provider') && !destination.startsWith('mail relay')).sort()).toEqual(expected.sort());
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
    expectNatsTls(resources, job);
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    const destinations = egressOf(resources, job.spec.template?.metadata.labels ?? {}).flatMap((rule) => rule.to ?? []);
    expect(destinations.map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] ?? peer.podSelector?.matchLabels?.['k8s-app']).sort()).toEqual(['kube-dns', 'nats']);
  });

  it("runs the console's gateway with each service's Service as its upstream, none of their secrets, and the sign-in's settings from an optional ConfigMap", () => {
    const gateway = find(resources, 'Deployment', 'gateway');
    for (const service of PLATFORM_SERVICES.filter((candidate) => candidate.name !== 'gateway')) {
      const variable = `${service.name.toUpperCase().replace(/-/g, '_')}_URL`;
      expect({ [variable]: env(gateway, variable)?.value }).toEqual({ [variable]: `http://${service.name}:${service.port}` });
      expect(find(resources, 'Service', service.name).spec.ports?.map((port) => port.port)).toEqual([service.port]);
    }
    const secrets = (container(gateway).env ?? []).map((variable) => variable.valueFrom?.secretKeyRef?.name).filter(Boolean);
    expect(secrets.sort()).toEqual(['gateway-db-app', 'opis-jwt', 'opis-nats-users']);
    expect(container(gateway).envFrom).toEqual([{ configMapRef: { name: 'opis-common' } }, { configMapRef: { name: 'opis-console-sign-in', optional: true } }]);
  });

  it('lets the world in through one Ingress, HTTPS only, with a certificate from cert-manager, to each service\'s http port', () => {
    const ingresses = resources.filter((resource) => resource.kind === 'Ingress');
    expect(ingresses.map((ingress) => ingress.metadata.name)).toEqual(['opis']);
    const ingress = ingresses[0] as Resource & {
      spec: {
        tls: { hosts: string[]; secretName: string }[];
        rules: { host: string; http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[];
      };
    };
    const annotations = ingress.metadata.annotations ?? {};
    // A public ACME issuer in production; the platform's own CA on a trial cluster.
    if (overlay.name === 'dev') expect(annotations).toEqual(expect.objectContaining({ 'cert-manager.io/issuer': 'opis-ca' }));
    else expect(annotations).toEqual(expect.objectContaining({ 'cert-manager.io/cluster-issuer': 'opis-public' }));
    expect(annotations['nginx.ingress.kubernetes.io/force-ssl-redirect']).toBe('true');
    const tlsHosts = ingress.spec.tls.flatMap((tls) => tls.hosts);
    expect(ingress.spec.tls.every((tls) => tls.secretName)).toBe(true);
    const backends = ingress.spec.rules.flatMap((rule) => {
      expect(tlsHosts).toContain(rule.host);
      return rule.http.paths.map((path) => path.backend.service);
    });
    const served = [...PLATFORM_SERVICES.map((service) => service.name), ...(overlay.chiapas ? ['care-chp'] : [])];
    expect(backends.map((backend) => backend.name).sort()).toEqual(served.sort());
    for (const backend of backends) {
      expect(backend.port).toEqual({ name: 'http' });
      expect(find(resources, 'Service', backend.name).spec.ports?.map((port) => (port as { name?: string }).name)).toContain('http');
    }
  });

  it('issues the NATS servers\' certificate from the platform\'s own CA (cert-manager), which the Helm values serve', () => {
    type CertManagerResource = Resource & {
      spec: { isCA?: boolean; secretName?: string; issuerRef?: { name: string; kind: string }; ca?: { secretName: string }; selfSigned?: object };
    };
    const certificate = find(resources, 'Certificate', 'opis-nats-server') as CertManagerResource;
    const issuer = find(resources, certificate.spec.issuerRef?.kind ?? 'Issuer', certificate.spec.issuerRef?.name ?? '') as CertManagerResource;
    const ca = resources.find((resource) => resource.kind === 'Certificate' && (resource as CertManagerResource).spec.secretName === issuer.spec.ca?.secretName) as CertManagerResource;
    expect(ca.spec.isCA).toBe(true);
    expect((find(resources, ca.spec.issuerRef?.kind ?? 'Issuer', ca.spec.issuerRef?.name ?? '') as CertManagerResource).spec.selfSigned).toEqual({});
    expect(NATS_VALUES.config.nats.tls).toEqual({ enabled: true, secretName: certificate.spec.secretName });
    expect(NATS_VALUES.config.cluster.tls).toEqual({ enabled: true, secretName: certificate.spec.secretName });
  });

  it('has Prometheus scrape every service\'s metrics port (PodMonitor), and the NATS exporter\'s', () => {
    const monitor = find(resources, 'PodMonitor', 'opis-services') as Resource & { spec: { podMetricsEndpoints: { port: string; path: string }[] } };
    expect(monitor.spec.podMetricsEndpoints.map((endpoint) => ({ port: endpoint.port, path: endpoint.path }))).toEqual([{ port: 'metrics', path: '/metrics' }]);
    const deployments = resources.filter((resource) => resource.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThanOrEqual(PLATFORM_SERVICES.length);
    for (const deployment of deployments) {
      expect({ [deployment.metadata.name]: selects(monitor.spec.selector, deployment.spec.template?.metadata.labels ?? {}) }).toEqual({ [deployment.metadata.name]: true });
    }
    // The migration and provisioning Jobs serve no metrics: a target always down would be noise.
    for (const job of resources.filter((resource) => resource.kind === 'Job')) expect(selects(monitor.spec.selector, job.spec.template?.metadata.labels ?? {})).toBe(false);
    expect(NATS_VALUES.promExporter).toEqual(expect.objectContaining({ enabled: true, podMonitor: expect.objectContaining({ enabled: true }) }));
    // The exporter's port (the chart's 7777) from namespace monitoring only.
    const natsPods = { 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'opis-nats' };
    const exporterRules = ingressOf(resources, natsPods).filter((rule) => (rule.ports ?? []).some((port) => port.port === 7777));
    expect(exporterRules.flatMap((rule) => rule.from ?? [])).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
  });

  it('alerts on outbox backlog and dead letters, consumer lag, stalls and dead letters, cases held back, INV-03 deadlines overdue: only on metrics the services export', () => {
    const rule = find(resources, 'PrometheusRule', 'opis-alerts') as Resource & {
      spec: { groups: { rules: { alert: string; expr: string; for: string; labels: { severity: string } }[] }[] };
    };
    const alerts = rule.spec.groups.flatMap((group) => group.rules);
    const exported = exportedMetrics();
    for (const alert of alerts) {
      const metrics = [...alert.expr.matchAll(/\b(opis_[a-z_]+|up)\b/g)].map((match) => match[1]);
      expect({ alert: alert.alert, metrics: metrics.length > 0, unknown: metrics.filter((metric) => metric !== 'up' && !exported.includes(metric)) }).toEqual({
        alert: alert.alert,
        metrics: true,
        unknown: [],
      });
      expect(['warning', 'critical']).toContain(alert.labels.severity);
      expect(alert.for).toMatch(/^\d+m$/);
    }
    const alertOn = (metric: string): string[] => alerts.filter((alert) => alert.expr.includes(metric)).map((alert) => alert.alert);
    for (const metric of [
      'opis_outbox_oldest_unpublished_age_seconds',
      'opis_outbox_unpublished',
      'opis_outbox_dead_letters',
      'opis_consumer_pending',
      'opis_consumer_dead_letters_open',
      'opis_consumer_cases_held_back',
      'opis_intake_deadlines_overdue',
    ]) {
      expect({ metric, alerts: alertOn(metric) }).toEqual({ metric, alerts: expect.arrayContaining([expect.any(String)]) });
    }
  });

  it('lets downstream subscribers reach NATS\'s client port, from their labelled namespaces or addresses only', () => {
    const policy = find(resources, 'NetworkPolicy', 'opis-nats-subscribers');
    expect(policy.spec.podSelector?.matchLabels).toEqual({ 'app.kubernetes.io/name': 'nats', 'app.kubernetes.io/instance': 'opis-nats' });
    for (const rule of policy.spec.ingress ?? []) {
      expect(rule.ports).toEqual([{ protocol: 'TCP', port: 4222 }]);
      for (const peer of rule.from ?? []) {
        // Never every namespace nor every address.
        if (peer.namespaceSelector) expect(peer.namespaceSelector.matchLabels).toEqual({ 'opis.mx/nats-subscriber': 'true' });
        else expect(peer.ipBlock?.cidr).toMatch(/\/32$/);
      }
    }
  });

  it(overlay.chiapas ? 'runs a care Deployment for Chiapas (OFFICES=CHP) beside the national one' : 'has no Chiapas care Deployment', () => {
    const chiapas = resources.filter((resource) => resource.metadata.name === 'care-chp');
    if (!overlay.chiapas) {
      expect(chiapas).toEqual([]);
      expect(env(find(resources, 'Deployment', 'care'), 'DEDICATED_OFFICES')).toBeUndefined();
      expect(container(find(resources, 'Job', 'opis-provision')).envFrom).toBeUndefined();
      return;
    }
    expect(chiapas.map((resource) => resource.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);
    expectPreStop(find(resources, 'Deployment', 'care-chp'));
    expectTlsClient(resources, find(resources, 'Deployment', 'care-chp'), 'care');
    const national = find(resources, 'Deployment', 'care');
    const deployment = find(resources, 'Deployment', 'care-chp');
    expect(env(deployment, 'OFFICES')?.value).toBe('CHP');
    expect(DEDICATED_OFFICES.care).toContain('CHP');
    // The national instance leaves Chiapas's events to care-chp, whose durable the Job creates:
    // both read the one list (deploy/k8s/dedicated-offices/offices.env) the NATS permissions are
    // generated from (nats-permissions.integration-spec.ts).
    const offices = resources.find((resource) => resource.kind === 'ConfigMap' && resource.metadata.name.startsWith('opis-dedicated-offices-'));
    expect(offices?.data).toEqual({ CARE_DEDICATED_OFFICES: DEDICATED_OFFICES.care?.join(',') });
    expect(env(national, 'DEDICATED_OFFICES')?.valueFrom?.configMapKeyRef).toEqual({ name: offices?.metadata.name, key: 'CARE_DEDICATED_OFFICES' });
    expect(container(find(resources, 'Job', 'opis-provision')).envFrom).toContainEqual({ configMapRef: { name: offices?.metadata.name } });
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
  const values = NATS_VALUES;

  it('makes a three-server JetStream cluster', () => {
    expect(values.config.cluster).toEqual(expect.objectContaining({ enabled: true, replicas: 3 }));
    expect(values.config.jetstream.enabled).toBe(true);
    expect(values.config.merge.accounts.OPIS.jetstream).toBe('enabled');
  });

  it('speaks TLS only, routes verified against the CA of the same Secret', () => {
    // Clients and routes: the chart's tls blocks (the certificate: see each overlay's test).
    expect(values.config.nats.tls?.enabled).toBe(true);
    expect(values.config.cluster.tls?.enabled).toBe(true);
    expect(values.tlsCA).toEqual({ enabled: true, secretName: values.config.nats.tls?.secretName, key: 'ca.crt' });
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

describe("DATABASE_URL as the manifests give it, against a PostgreSQL that takes TLS only", () => {
  // A private server of this test's own (the shared one speaks no TLS): run as user postgres,
  // on a free port, its certificate signed by a CA of the test's, as CloudNativePG's is by its own.
  const BIN = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1) ?? '15', 'bin');
  let certificates: TestCertificates;
  let otherCa: TestCertificates;
  let dir: string;
  let port: number;
  const asPostgres = (...args: string[]): string => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', stdio: 'pipe' });

  /** The production overlay's DATABASE_URL for intake, the CNPG uri and the CA file put in. */
  function manifestDatabaseUrl(caFile: string, host = 'localhost'): string {
    const value = env(find(render('production'), 'Deployment', 'intake'), 'DATABASE_URL')?.value ?? '';
    return value.replace('$(DATABASE_APP_URI)', `postgresql://postgres@${host}:${port}/postgres`).replace(`${TLS_DIR}/database-ca.crt`, caFile);
  }

  beforeAll(async () => {
    certificates = makeTestCertificates('DNS:localhost');
    otherCa = makeTestCertificates();
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'opis-pg-tls-'));
    for (const file of [certificates.certFile, certificates.keyFile]) copyFileSync(file, join(dir, basename(file)));
    chmodSync(join(dir, basename(certificates.keyFile)), 0o600);
    execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    asPostgres(`${BIN}/initdb`, '-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust');
    // TLS or nothing, as the clients' verify-full assumes.
    writeFileSync(join(dir, 'data', 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 trust\nhostnossl all all all reject\n');
    asPostgres(
      `${BIN}/pg_ctl`, '-D', join(dir, 'data'), '-w', '-l', join(dir, 'log'), 'start', '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=${join(dir, basename(certificates.certFile))} -c ssl_key_file=${join(dir, basename(certificates.keyFile))}`,
    );
  }, 60_000);

  afterAll(() => {
    if (dir) {
      try {
        asPostgres(`${BIN}/pg_ctl`, '-D', join(dir, 'data'), '-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    for (const made of [certificates, otherCa]) if (made) rmSync(made.dir, { recursive: true, force: true });
  });

  it("connects through the platform's data source when the server's certificate is the CA's and names the host", async () => {
    await expect(runMigrations(manifestDatabaseUrl(certificates.caFile), [])).resolves.toEqual([]);
  });

  it('refuses a server whose certificate another CA signed, or does not name the host asked for', async () => {
    await expect(runMigrations(manifestDatabaseUrl(otherCa.caFile), [])).rejects.toThrow(/self-signed certificate|unable to verify/i);
    // The same server, asked for by its address, which its certificate (localhost only) does not name.
    await expect(runMigrations(manifestDatabaseUrl(certificates.caFile, '127.0.0.1'), [])).rejects.toThrow(/does not match certificate's altnames/);
  });
});
