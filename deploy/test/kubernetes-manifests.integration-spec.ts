import {
  container,
  egressOf,
  env,
  expectHardened,
  expectNatsTls,
  expectPreStop,
  expectSecretsByReference,
  expectTlsClient,
  exportedMetrics,
  find,
  ingressOf,
  NATS_VALUES,
  OVERLAYS,
  PLATFORM_SERVICES,
  render,
  Resource,
  selects,
  serviceSelects,
} from './kubernetes-manifests';
import { DEDICATED_OFFICES, natsConfUsers } from './nats-conf';

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
    expect(container(job).command).toEqual(['node', 'dist/apps/provisioning/src/main.js']);
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
