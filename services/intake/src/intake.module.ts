import { DynamicModule, Module } from '@nestjs/common';

import { MessagingModule } from '@opis/messaging';
import { PlatformModule } from '@opis/platform';

import { CaseAccess } from './cases/case-access.service';
import { CaseController } from './cases/case.controller';
import { CaseNumberController } from './cases/case-number.controller';
import { CaseReadService } from './cases/case-read.service';
import { CaseRepository } from './cases/case.repository';
import { DeadlineMetrics } from './deadlines/deadline-metrics';
import { DeadlineRepository } from './deadlines/deadline.repository';
import { DeadlineScanner } from './deadlines/deadline-scanner.service';
import { DuplicateCheckController } from './duplicates/duplicate-check.controller';
import { DuplicateCheckService } from './duplicates/duplicate-check.service';
import { DuplicateInquiryController } from './duplicates/duplicate-inquiry.controller';
import { DuplicateInquiryRepository } from './duplicates/duplicate-inquiry.repository';
import { DuplicateInquiryService } from './duplicates/duplicate-inquiry.service';
import { IdentityController } from './identity/identity.controller';
import { IdentityService } from './identity/identity.service';
import { INTAKE_SERVICE_NAME, IntakeConfig } from './intake.config';
import { INTAKE_ENTITIES, INTAKE_MIGRATIONS } from './intake.schema';
import { CaseLifecycleRepository } from './lifecycle/case-lifecycle.repository';
import { CaseLifecycleService } from './lifecycle/case-lifecycle.service';
import { MigrationPointController } from './migration-points/migration-point.controller';
import { MigrationPointDirectory } from './migration-points/migration-point.directory';
import { MigrationPointRepository } from './migration-points/migration-point.repository';
import { MigrationPointService } from './migration-points/migration-point.service';
import { CaseNotificationService } from './notifications/case-notification.service';
import { NotificationRepository } from './notifications/notification.repository';
import { RegistrationRepository } from './registration/registration.repository';
import { RegistrationService } from './registration/registration.service';

export interface IntakeModuleOptions {
  /** Test isolation on a shared NATS: prefixes subjects and stream names. */
  natsNamespace?: string;
}

@Module({})
export class IntakeModule {
  public static register(config: IntakeConfig, options: IntakeModuleOptions = {}): DynamicModule {
    return {
      module: IntakeModule,
      imports: [
        MessagingModule.forRoot({ natsUrl: config.NATS_URL, namespace: options.natsNamespace, selfTestFault: config.MESSAGING_SELF_TEST_FAULT, serviceName: INTAKE_SERVICE_NAME }),
        PlatformModule.forRoot({
          config,
          entities: INTAKE_ENTITIES,
          migrations: INTAKE_MIGRATIONS,
          serviceName: INTAKE_SERVICE_NAME,
        }),
      ],
      controllers: [CaseController, CaseNumberController, DuplicateCheckController, DuplicateInquiryController, IdentityController, MigrationPointController],
      providers: [
        CaseAccess,
        CaseLifecycleRepository,
        CaseLifecycleService,
        CaseNotificationService,
        CaseReadService,
        CaseRepository,
        DeadlineMetrics,
        DeadlineRepository,
        DeadlineScanner,
        DuplicateCheckService,
        DuplicateInquiryRepository,
        DuplicateInquiryService,
        IdentityService,
        MigrationPointDirectory,
        MigrationPointRepository,
        MigrationPointService,
        NotificationRepository,
        RegistrationRepository,
        RegistrationService,
      ],
    };
  }
}
