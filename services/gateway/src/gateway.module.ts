import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule } from '@opis/platform';

import { GATEWAY_SERVICE_NAME, GatewayConfig } from './gateway.config';
import { GATEWAY_MIGRATIONS } from './gateway.schema';

@Module({})
export class GatewayModule {
  public static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forRoot({ config, migrations: GATEWAY_MIGRATIONS, serviceName: GATEWAY_SERVICE_NAME })],
    };
  }
}
