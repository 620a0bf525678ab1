import 'reflect-metadata';

import { loadConfig, runEntryPoint, startHttpService } from '@opis/platform';

import { RESPONSE_SCHEMAS } from './openapi-responses.generated';
import { STATISTICS_SERVICE_NAME, StatisticsConfig } from './statistics.config';
import { StatisticsModule } from './statistics.module';

async function main(): Promise<void> {
  const config = loadConfig(StatisticsConfig);
  await startHttpService(StatisticsModule.register(config), {
    config,
    responses: RESPONSE_SCHEMAS,
    serviceName: STATISTICS_SERVICE_NAME,
    title: 'OPIS statistics',
    description:
      'UPM-style statistics and compliance indicators (DOMAIN.md 7) built only from the other services’ events: foreign children channelled to DIF, Mexican children returned from the USA, assisted returns, and operational compliance. Event and unique-child counts; small cells suppressed for requesters without case-level access. JSON or CSV.',
  });
}

runEntryPoint(main);
