// The provisioning step as a deployment runs it (the Kubernetes Job, Compose's `migrate`): every
// stream, and the durables of every deployed service. Run before the services start; idempotent.
import { DEPLOYED_SERVICES, provisionPlatform } from '@opis/platform-services';

import { loadProvisioningConfig } from './provisioning.config';

async function main(): Promise<void> {
  const config = loadProvisioningConfig();
  await provisionPlatform(config.NATS_URL, {
    replicas: config.STREAM_REPLICAS,
    services: DEPLOYED_SERVICES,
    dedicatedOffices: config.dedicatedOffices(),
    report: (line) => process.stdout.write(`${line}\n`),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
