import { DynamicModule, Module } from '@nestjs/common';

import { legalStatusClientProvider } from '@opis/legal-status-client';
import { MessagingModule } from '@opis/messaging';
import { FieldCipher, fieldCryptoFor, LookupHasher, PlatformModule } from '@opis/platform';

import { CallController } from './calls/call.controller';
import { CallRepository } from './calls/call.repository';
import { CallService } from './calls/call.service';
import { ConcernController } from './concerns/concern.controller';
import { ConcernRepository } from './concerns/concern.repository';
import { ConcernService } from './concerns/concern.service';
import { ConsularController } from './consular/consular.controller';
import { ConsularGuard } from './consular/consular-guard.service';
import { ConsularRepository } from './consular/consular.repository';
import { ConsularService } from './consular/consular.service';
import { ContactController } from './contacts/contact.controller';
import { ContactCrypto } from './contacts/contact-crypto';
import { ContactRepository } from './contacts/contact.repository';
import { ContactService } from './contacts/contact.service';
import { FirstCallRepository } from './deadlines/first-call.repository';
import { FirstCallScanner } from './deadlines/first-call-scanner.service';
import { FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig } from './family-contact.config';
import { FAMILY_CONTACT_ENTITIES, FAMILY_CONTACT_MIGRATIONS } from './family-contact.schema';
import { MemberController } from './members/member.controller';
import { MemberRepository } from './members/member.repository';
import { MemberService } from './members/member.service';
import { CaseEventsConsumer } from './records/case-events.consumer';
import { FamilyAccess } from './records/family-access.service';
import { FamilyRecordController } from './records/family-record.controller';
import { FamilyRecordRepository } from './records/family-record.repository';
import { FamilyRecordService } from './records/family-record.service';
import { ReunificationController } from './reunification/reunification.controller';
import { ReunificationRepository } from './reunification/reunification.repository';
import { ReunificationService } from './reunification/reunification.service';

export interface FamilyContactModuleOptions {
  /** Test isolation on a shared NATS: prefixes subjects, stream names and the legal-status pattern. */
  natsNamespace?: string;
}

@Module({})
export class FamilyContactModule {
  public static register(config: FamilyContactConfig, options: FamilyContactModuleOptions = {}): DynamicModule {
    const crypto = fieldCryptoFor(config);
    return {
      module: FamilyContactModule,
      imports: [
        MessagingModule.forRoot({
          natsUrl: config.NATS_URL,
          namespace: options.natsNamespace,
          selfTestFault: config.MESSAGING_SELF_TEST_FAULT,
          serviceName: FAMILY_CONTACT_SERVICE_NAME,
          offices: { offices: config.OFFICES, dedicatedOffices: config.DEDICATED_OFFICES },
        }),
        PlatformModule.forRoot({
          config,
          entities: FAMILY_CONTACT_ENTITIES,
          migrations: FAMILY_CONTACT_MIGRATIONS,
          serviceName: FAMILY_CONTACT_SERVICE_NAME,
        }),
      ],
      controllers: [CallController, ConcernController, ConsularController, ContactController, FamilyRecordController, MemberController, ReunificationController],
      providers: [
        CallRepository,
        CallService,
        CaseEventsConsumer,
        ConcernRepository,
        ConcernService,
        ConsularGuard,
        ConsularRepository,
        ConsularService,
        ContactCrypto,
        ContactRepository,
        ContactService,
        FamilyAccess,
        FamilyRecordRepository,
        FamilyRecordService,
        { provide: FieldCipher, useValue: crypto.cipher },
        FirstCallRepository,
        FirstCallScanner,
        legalStatusClientProvider(FAMILY_CONTACT_SERVICE_NAME, FamilyContactConfig, options.natsNamespace),
        { provide: LookupHasher, useValue: crypto.lookup },
        MemberRepository,
        MemberService,
        ReunificationRepository,
        ReunificationService,
      ],
    };
  }
}
