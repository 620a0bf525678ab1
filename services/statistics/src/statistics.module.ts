import { DynamicModule, Module } from '@nestjs/common';

import { MessagingModule } from '@opis/messaging';
import { PlatformModule } from '@opis/platform';

import { FactsConsumer } from './facts/facts.consumer';
import { FactsRepository } from './facts/facts.repository';
import { FactsService } from './facts/facts.service';
import { ReportController } from './reports/report.controller';
import { ReportRepository } from './reports/report.repository';
import { ReportService } from './reports/report.service';
import { STATISTICS_SERVICE_NAME, StatisticsConfig } from './statistics.config';
import { STATISTICS_ENTITIES, STATISTICS_MIGRATIONS } from './statistics.schema';

export interface StatisticsModuleOptions {
  /** Test isolation on a shared NATS: prefixes subjects and stream names. */
  natsNamespace?: string;
}

@Module({})
export class StatisticsModule {
  public static register(config: StatisticsConfig, options: StatisticsModuleOptions = {}): DynamicModule {
    return {
      module: StatisticsModule,
      imports: [
        // Statistics publishes nothing: no relay (its only subjects are its dead letters).
        MessagingModule.forRoot({ natsUrl: config.NATS_URL, namespace: options.natsNamespace, selfTestFault: config.MESSAGING_SELF_TEST_FAULT, serviceName: STATISTICS_SERVICE_NAME, runRelay: false }),
        PlatformModule.forRoot({ config, entities: STATISTICS_ENTITIES, migrations: STATISTICS_MIGRATIONS, serviceName: STATISTICS_SERVICE_NAME }),
      ],
      controllers: [ReportController],
      providers: [FactsConsumer, FactsRepository, FactsService, ReportRepository, ReportService],
    };
  }
}
