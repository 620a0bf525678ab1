import { DynamicModule, Module } from '@nestjs/common';

import { MessagingModule } from '@opis/messaging';
import { FieldCipher, fieldCryptoFor, PlatformModule } from '@opis/platform';

import { CARE_SERVICE_NAME, CareConfig } from './care.config';
import { CARE_ENTITIES, CARE_MIGRATIONS } from './care.schema';
import { CareCaseController } from './cases/care-case.controller';
import { CareAccess } from './cases/care-access.service';
import { CareCaseService } from './cases/care-case.service';
import { FacilityController } from './facilities/facility.controller';
import { FacilityRepository } from './facilities/facility.repository';
import { FacilityService } from './facilities/facility.service';
import { OverdueNeedScanner } from './overdue/overdue-scanner.service';
import { CareRepository } from './records/care.repository';
import { CareRecordService } from './records/care-record.service';
import { CareTextCipher } from './records/care-text.cipher';
import { IntakeCaseEventsHandler } from './records/intake-case-events.handler';
import { WorklistController } from './worklist/worklist.controller';
import { WorklistService } from './worklist/worklist.service';

export interface CareModuleOptions {
  /** Test isolation on a shared NATS: prefixes subjects and stream names. */
  natsNamespace?: string;
}

@Module({})
export class CareModule {
  public static register(config: CareConfig, options: CareModuleOptions = {}): DynamicModule {
    const crypto = fieldCryptoFor(config);
    return {
      module: CareModule,
      imports: [
        MessagingModule.forRoot({
          natsUrl: config.NATS_URL,
          namespace: options.natsNamespace,
          selfTestFault: config.MESSAGING_SELF_TEST_FAULT,
          serviceName: CARE_SERVICE_NAME,
          offices: { offices: config.OFFICES, dedicatedOffices: config.DEDICATED_OFFICES },
        }),
        PlatformModule.forRoot({
          config,
          entities: CARE_ENTITIES,
          migrations: CARE_MIGRATIONS,
          serviceName: CARE_SERVICE_NAME,
        }),
      ],
      controllers: [CareCaseController, FacilityController, WorklistController],
      providers: [
        CareAccess,
        CareCaseService,
        CareRecordService,
        CareRepository,
        CareTextCipher,
        FacilityRepository,
        { provide: FieldCipher, useValue: crypto.cipher },
        FacilityService,
        IntakeCaseEventsHandler,
        OverdueNeedScanner,
        WorklistService,
      ],
    };
  }
}
