import { DynamicModule, Module } from '@nestjs/common';

import { MessagingModule } from '@opis/messaging';
import { PlatformModule } from '@opis/platform';

import { GATEWAY_SERVICE_NAME, GatewayConfig } from './gateway.config';
import { GATEWAY_ENTITIES, GATEWAY_MIGRATIONS } from './gateway.schema';
import { SignInController } from './sign-in/sign-in.controller';
import { TimelineConsumer } from './timeline/timeline.consumer';
import { TimelineController } from './timeline/timeline.controller';
import { TimelineRepository } from './timeline/timeline.repository';
import { TimelineService } from './timeline/timeline.service';

export interface GatewayModuleOptions {
  /** Test isolation on a shared NATS: prefixes subjects and stream names. */
  natsNamespace?: string;
}

@Module({})
export class GatewayModule {
  public static register(config: GatewayConfig, options: GatewayModuleOptions = {}): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        // The gateway publishes nothing: no relay.
        MessagingModule.forRoot({ natsUrl: config.NATS_URL, namespace: options.natsNamespace, selfTestFault: config.MESSAGING_SELF_TEST_FAULT, serviceName: GATEWAY_SERVICE_NAME, runRelay: false }),
        PlatformModule.forRoot({ config, entities: GATEWAY_ENTITIES, migrations: GATEWAY_MIGRATIONS, serviceName: GATEWAY_SERVICE_NAME }),
      ],
      controllers: [SignInController, TimelineController],
      providers: [TimelineConsumer, TimelineRepository, TimelineService],
    };
  }
}
