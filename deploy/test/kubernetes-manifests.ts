// The Kubernetes manifests as kubectl renders them for an overlay, and what a test asks of a workload in them.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

import { builtPlatformServices, WORKSPACE } from './built-platform';

const K8S = join(__dirname, '..', 'k8s');
const KUBECTL = process.env.KUBECTL_BIN ?? 'kubectl';
export const PLATFORM_SERVICES = builtPlatformServices();

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
export interface Resource {
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

export const OVERLAYS: Overlay[] = [
  { name: 'dev', namespace: 'opis-dev', registry: 'localhost:5001', streamReplicas: '1', databaseInstances: 1, chiapas: false },
  { name: 'production', namespace: 'opis', registry: 'registry.opis.example.invalid', streamReplicas: '3', databaseInstances: 3, chiapas: false },
  { name: 'production-chiapas', namespace: 'opis', registry: 'registry.opis.example.invalid', streamReplicas: '3', databaseInstances: 3, chiapas: true },
];

export function render(overlay: string): Resource[] {
  const output = execFileSync(KUBECTL, ['kustomize', join(K8S, 'overlays', overlay)], { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJSON() as Resource;
  });
}

export function find(resources: Resource[], kind: string, name: string): Resource {
  const found = resources.find((resource) => resource.kind === kind && resource.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** matchLabels only: a selector with expressions fails, so that no rule is judged half-read. */
export function selects(selector: Selector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  if (selector.matchExpressions?.length) throw new Error('matchExpressions are not checked here');
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

export function serviceSelects(selector: Labels | undefined, labels: Labels): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}

export function container(workload: Resource): Container {
  const containers = workload.spec.template?.spec.containers ?? [];
  expect(containers).toHaveLength(1);
  return containers[0];
}

export function env(workload: Resource, name: string): EnvVar | undefined {
  return container(workload).env?.find((variable) => variable.name === name);
}

/** Every egress rule that applies to pods with these labels, across all policies (they add up). */
export function egressOf(resources: Resource[], labels: Labels): PolicyRule[] {
  return resources
    .filter((resource) => resource.kind === 'NetworkPolicy')
    .filter((policy) => policy.spec.policyTypes?.includes('Egress') && selects(policy.spec.podSelector, labels))
    .flatMap((policy) => policy.spec.egress ?? []);
}

export function ingressOf(resources: Resource[], labels: Labels): PolicyRule[] {
  return resources
    .filter((resource) => resource.kind === 'NetworkPolicy')
    .filter((policy) => policy.spec.policyTypes?.includes('Ingress') && selects(policy.spec.podSelector, labels))
    .flatMap((policy) => policy.spec.ingress ?? []);
}

export function expectHardened(workload: Resource): void {
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
export function expectSecretsByReference(workload: Resource): void {
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
export function expectPreStop(deployment: Resource): void {
  const command = container(deployment).lifecycle?.preStop?.exec?.command ?? [];
  expect(command.slice(0, 2)).toEqual(['node', '-e']);
  const pauseMs = Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(command[2] ?? '')?.[1]);
  expect(pauseMs).toBeGreaterThanOrEqual(3_000);
  expect(pauseMs / 1000 + 15).toBeLessThanOrEqual(deployment.spec.template?.spec.terminationGracePeriodSeconds ?? 30);
}

export const TLS_DIR = '/etc/opis/tls';

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
export function expectTlsClient(resources: Resource[], workload: Resource, service: string): void {
  expect(env(workload, 'DATABASE_APP_URI')?.valueFrom?.secretKeyRef).toEqual({ name: `${service}-db-app`, key: 'uri' });
  expect(env(workload, 'DATABASE_URL')?.value).toBe(`$(DATABASE_APP_URI)?sslmode=verify-full&sslrootcert=${TLS_DIR}/database-ca.crt`);
  // CloudNativePG's CA of cluster <service>-db is Secret <service>-db-ca.
  expect(mountedSecretFile(workload, `${TLS_DIR}/database-ca.crt`)).toEqual({ secret: `${find(resources, 'Cluster', `${service}-db`).metadata.name}-ca`, key: 'ca.crt' });
  expectNatsTls(resources, workload);
  for (const volume of workload.spec.template?.spec.volumes ?? []) {
    for (const source of volume.projected?.sources ?? []) expect(source.secret?.items?.map((item) => item.key)).toEqual(['ca.crt']);
  }
}

export function expectNatsTls(resources: Resource[], workload: Resource): void {
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

export const NATS_VALUES = parse(readFileSync(join(K8S, 'nats', 'values.yaml'), 'utf8')) as NatsValues;

/** The metric names the services register (prom-client `name:` and messaging's gauges), read from the sources. */
export function exportedMetrics(): string[] {
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