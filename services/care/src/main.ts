import 'reflect-metadata';

import { loadConfig, runEntryPoint, startHttpService } from '@opis/platform';

import { RESPONSE_SCHEMAS } from './openapi-responses.generated';
import { CARE_SERVICE_NAME, CareConfig } from './care.config';
import { CareModule } from './care.module';

async function main(): Promise<void> {
  const config = loadConfig(CareConfig);
  await startHttpService(CareModule.register(config), {
    config,
    responses: RESPONSE_SCHEMAS,
    serviceName: CARE_SERVICE_NAME,
    title: 'OPIS care',
    description:
      'Immediate care of migrant children wherever they are in any procedure: the needs checklist (health, food, clothing, rest, psychological first aid) with due times and deliveries, placement in registered facilities (never a migration station), incidents. Never waits on legal status (LM-11, INV-07).',
  });
}

runEntryPoint(main);
