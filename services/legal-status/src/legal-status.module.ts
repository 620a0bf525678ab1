import { DynamicModule, Module } from '@nestjs/common';

import { MessagingModule } from '@opis/messaging';
import { FieldCipher, fieldCryptoFor, PlatformModule } from '@opis/platform';

import { BestInterestsController } from './best-interests/best-interests.controller';
import { BestInterestsRepository } from './best-interests/best-interests.repository';
import { BestInterestsService } from './best-interests/best-interests.service';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarRepository } from './calendar/calendar.repository';
import { CalendarAdminService } from './calendar/calendar.service';
import { LegalCalendar } from './calendar/legal-calendar.service';
import { InformOverdueScanner } from './informing/inform-overdue-scanner.service';
import { InformingController } from './informing/informing.controller';
import { InformingRepository } from './informing/informing.repository';
import { InformingService } from './informing/informing.service';
import { LEGAL_STATUS_SERVICE_NAME, LegalStatusConfig } from './legal-status.config';
import { LEGAL_STATUS_ENTITIES, LEGAL_STATUS_MIGRATIONS } from './legal-status.schema';
import { CaseStatusController } from './lock/case-status.controller';
import { MoveClearanceController } from './lock/move-clearance.controller';
import { MoveClearanceRepository } from './lock/move-clearance.repository';
import { MoveClearanceService } from './lock/move-clearance.service';
import { ServiceRequestGate } from './lock/service-request.gate';
import { CaseStatusService } from './lock/case-status.service';
import { LegalEffects } from './lock/legal-effects.service';
import { OverrideController } from './overrides/override.controller';
import { OverrideRepository } from './overrides/override.repository';
import { OverrideService } from './overrides/override.service';
import { ProcedureController } from './procedure/procedure.controller';
import { ProcedureRepository } from './procedure/procedure.repository';
import { ProcedureService } from './procedure/procedure.service';
import { ConcernEventsConsumer } from './protection/concern-events.consumer';
import { ProtectionConcernService } from './protection/protection-concerns.service';
import { DeadlineRepository } from './deadlines/deadline.repository';
import { DeadlineScanner } from './deadlines/deadline-scanner.service';
import { ProtectionController } from './protection/protection.controller';
import { ProtectionRepository } from './protection/protection.repository';
import { ProtectionService } from './protection/protection.service';
import { CaseEventsConsumer } from './records/case-events.consumer';
import { ChildTextCipher } from './records/child-text.cipher';
import { ComingOfAgeService } from './records/coming-of-age.service';
import { LegalAccess } from './records/legal-access.service';
import { LegalRecordController } from './records/legal-record.controller';
import { LegalRecordViews } from './records/legal-record-views.service';
import { LegalRecordRepository } from './records/legal-record.repository';
import { LegalRecordService } from './records/legal-record.service';
import { ResidenceTaskController } from './residence/residence-task.controller';
import { ResidenceTaskService } from './residence/residence-task.service';
import { VrhGroundRepository } from './vrh/vrh-ground.repository';
import { VrhGrounds } from './vrh/vrh-grounds.service';

export interface LegalStatusModuleOptions {
  /** Test isolation on a shared NATS: prefixes subjects and stream names. */
  natsNamespace?: string;
}

@Module({})
export class LegalStatusModule {
  public static register(config: LegalStatusConfig, options: LegalStatusModuleOptions = {}): DynamicModule {
    const crypto = fieldCryptoFor(config);
    return {
      module: LegalStatusModule,
      imports: [
        MessagingModule.forRoot({
          natsUrl: config.NATS_URL,
          namespace: options.natsNamespace,
          selfTestFault: config.MESSAGING_SELF_TEST_FAULT,
          serviceName: LEGAL_STATUS_SERVICE_NAME,
          offices: { offices: config.OFFICES, dedicatedOffices: config.DEDICATED_OFFICES },
        }),
        PlatformModule.forRoot({ config, entities: LEGAL_STATUS_ENTITIES, migrations: LEGAL_STATUS_MIGRATIONS, serviceName: LEGAL_STATUS_SERVICE_NAME }),
      ],
      controllers: [
        BestInterestsController,
        CalendarController,
        CaseStatusController,
        InformingController,
        LegalRecordController,
        MoveClearanceController,
        OverrideController,
        ProcedureController,
        ProtectionController,
        ResidenceTaskController,
      ],
      providers: [
        BestInterestsRepository,
        BestInterestsService,
        CalendarAdminService,
        CalendarRepository,
        CaseEventsConsumer,
        CaseStatusService,
        ChildTextCipher,
        ComingOfAgeService,
        ConcernEventsConsumer,
        DeadlineRepository,
        DeadlineScanner,
        { provide: FieldCipher, useValue: crypto.cipher },
        InformingRepository,
        InformingService,
        InformOverdueScanner,
        LegalAccess,
        LegalCalendar,
        LegalEffects,
        LegalRecordRepository,
        LegalRecordService,
        LegalRecordViews,
        MoveClearanceRepository,
        MoveClearanceService,
        OverrideRepository,
        OverrideService,
        ProcedureRepository,
        ProcedureService,
        ProtectionConcernService,
        ProtectionRepository,
        ProtectionService,
        ResidenceTaskService,
        ServiceRequestGate,
        VrhGroundRepository,
        VrhGrounds,
      ],
    };
  }
}
