import { connect, NatsConnection } from '@nats-io/transport-node';

import { SERVICE_NAMES } from '@opis/contracts-envelope';
import { provisionJetStream } from '@opis/messaging';
import { ServiceHarness, startServiceForTest } from '@opis/service-harness';
import { sharedNatsUrl, testNamespace } from '@opis/testing';

import { GATEWAY_CONSUMERS } from '@opis/platform-services';
import { GATEWAY_SERVICE_NAME, GatewayConfig } from '../src/gateway.config';
import { GatewayModule } from '../src/gateway.module';
import { GATEWAY_MIGRATIONS } from '../src/gateway.schema';

export interface GatewayTestBed {
  service: ServiceHarness<GatewayConfig>;
  /** For publishing events as their services would. */
  nc: NatsConnection;
  namespace: string;
  close(): Promise<void>;
}

/** The gateway on a socket of its own, its database migrated, its consumers on every service's stream in a namespace of its own. */
export async function startGateway(label: string): Promise<GatewayTestBed> {
  const namespace = testNamespace(label);
  const natsUrl = await sharedNatsUrl();
  const nc = await connect({ servers: natsUrl });
  await provisionJetStream(nc, { namespace, streams: SERVICE_NAMES.map((service) => ({ service, maxAgeMs: 0, maxBytes: -1 })), consumers: [...GATEWAY_CONSUMERS] });
  const service = await startServiceForTest(
    {
      serviceName: GATEWAY_SERVICE_NAME,
      configClass: GatewayConfig,
      migrations: GATEWAY_MIGRATIONS,
      module: (config: GatewayConfig, options: { natsNamespace: string }) => GatewayModule.register(config, options),
    },
    { label, namespace, natsUrl },
  );
  return {
    service,
    nc,
    namespace,
    close: async () => {
      await service.close();
      await nc.close();
    },
  };
}
