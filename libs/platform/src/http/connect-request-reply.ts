import { INestApplication, INestMicroservice } from '@nestjs/common';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';

import { natsConnectOptions } from '../nats/nats-connect-options';

export interface RequestReplyOptions {
  natsUrl: string;
  /** The queue group: the service name, so that instances share the requests. */
  queue: string;
  name?: string;
}

/**
 * Attaches the NATS request/reply transport. The app's guard, pipe and filters apply to its
 * handlers (errors leave as RpcErrorPayload). Start it with `app.startAllMicroservices()`.
 */
export function connectRequestReply(app: INestApplication, options: RequestReplyOptions): INestMicroservice {
  return app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: { ...natsConnectOptions(options.natsUrl), queue: options.queue, name: options.name ?? options.queue },
    },
    { inheritAppConfig: true },
  );
}
