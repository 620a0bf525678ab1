import { DynamicModule, Module } from '@nestjs/common';

import { legalStatusClientProvider } from '@opis/legal-status-client';
import { MessagingModule } from '@opis/messaging';
import { FieldCipher, fieldCryptoFor, PlatformModule } from '@opis/platform';

import { CaseAccess } from './access/case-access.service';
import { ReceptionAccess } from './access/reception-access.service';
import { CopiesConsumer } from './copies/copies.consumer';
import { CopiesRepository } from './copies/copies.repository';
import { CopiesService } from './copies/copies.service';
import { CountryController } from './countries/country.controller';
import { CountryRepository } from './countries/country.repository';
import { CountryService } from './countries/country.service';
import { ApprovalQueueController } from './plans/approval-queue.controller';
import { ApprovalQueueService } from './plans/approval-queue.service';
import { PlanAbortService } from './plans/plan-abort.service';
import { PlanController } from './plans/plan.controller';
import { PlanRepository } from './plans/plan.repository';
import { PlanService } from './plans/plan.service';
import { PlanSteps } from './plans/plan-steps.service';
import { PlanTextCipher } from './plans/plan-text.cipher';
import { ReturnStepsService } from './plans/return-steps.service';
import { ReceptionController } from './receptions/reception.controller';
import { ReceptionRepository } from './receptions/reception.repository';
import { ReceptionService } from './receptions/reception.service';
import { REPATRIATION_SERVICE_NAME, RepatriationConfig } from './repatriation.config';
import { REPATRIATION_ENTITIES, REPATRIATION_MIGRATIONS } from './repatriation.schema';

export interface RepatriationModuleOptions {
  /** Test isolation on a shared NATS: prefixes subjects, stream names and the legal-status pattern. */
  natsNamespace?: string;
}

@Module({})
export class RepatriationModule {
  public static register(config: RepatriationConfig, options: RepatriationModuleOptions = {}): DynamicModule {
    const crypto = fieldCryptoFor(config);
    return {
      module: RepatriationModule,
      imports: [
        MessagingModule.forRoot({
          natsUrl: config.NATS_URL,
          namespace: options.natsNamespace,
          selfTestFault: config.MESSAGING_SELF_TEST_FAULT,
          serviceName: REPATRIATION_SERVICE_NAME,
          offices: { offices: config.OFFICES, dedicatedOffices: config.DEDICATED_OFFICES },
        }),
        PlatformModule.forRoot({ config, entities: REPATRIATION_ENTITIES, migrations: REPATRIATION_MIGRATIONS, serviceName: REPATRIATION_SERVICE_NAME }),
      ],
      controllers: [ApprovalQueueController, CountryController, PlanController, ReceptionController],
      providers: [
        CaseAccess,
        CopiesConsumer,
        CopiesRepository,
        CopiesService,
        CountryRepository,
        CountryService,
        { provide: FieldCipher, useValue: crypto.cipher },
        legalStatusClientProvider(REPATRIATION_SERVICE_NAME, RepatriationConfig, options.natsNamespace),
        ApprovalQueueService,
        PlanAbortService,
        PlanRepository,
        PlanService,
        PlanSteps,
        PlanTextCipher,
        ReceptionAccess,
        ReceptionRepository,
        ReceptionService,
        ReturnStepsService,
      ],
    };
  }
}
