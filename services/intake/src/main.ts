import 'reflect-metadata';

import { loadConfig, runEntryPoint, startHttpService } from '@opis/platform';

import { RESPONSE_SCHEMAS } from './openapi-responses.generated';
import { INTAKE_SERVICE_NAME, IntakeConfig } from './intake.config';
import { IntakeModule } from './intake.module';

async function main(): Promise<void> {
  const config = loadConfig(IntakeConfig);
  await startHttpService(IntakeModule.register(config), {
    config,
    responses: RESPONSE_SCHEMAS,
    serviceName: INTAKE_SERVICE_NAME,
    title: 'OPIS intake',
    description:
      'Registration of migrant children met at migration points: identity, encounters, age (presumption of minority), screening, Procuraduría notification, DIF channelling and INV-03 deadlines.',
  });
}

runEntryPoint(main);
