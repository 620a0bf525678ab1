import { Injectable } from '@nestjs/common';

import { channelledToDifV1, mpNotifiedV1, procuraduriaNotifiedV1 } from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import { Caller } from '@opis/platform';

import { CaseAccess } from '../cases/case-access.service';
import { aboutCase } from '../cases/case-events';
import { CaseErrorCode, CaseConflict } from '../cases/case.exception';
import { CaseReadService } from '../cases/case-read.service';
import { CaseRepository } from '../cases/case.repository';
import { assertChannellingFacility, assertRecordTime, minutesBetween } from '../cases/case-rules';
import { CaseView } from '../cases/case.view';
import { RecordDifChannellingDto, RecordMpNotificationDto, RecordProcuraduriaNotificationDto } from './notification-commands.dto';
import { NotificationRepository } from './notification.repository';

/** The notices a case owes and their records: the Procuraduría (LM-01), DIF's channelling (LM-02), the Public Prosecutor (RLM-05). */
@Injectable()
export class CaseNotificationService {
  constructor(
    private readonly access: CaseAccess,
    private readonly cases: CaseRepository,
    private readonly notices: NotificationRepository,
    private readonly outbox: OutboxWriter,
    private readonly reads: CaseReadService,
  ) {}

  public async recordProcuraduriaNotification(
    caller: Caller,
    caseId: string,
    dto: RecordProcuraduriaNotificationDto,
  ): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.notify-procuraduria', caseId, async (manager, { case: entity }) => {
      if (entity.procuraduriaNotifiedAt) {
        throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The Procuraduría notification is already recorded.', 'LM-02');
      }
      const notifiedAt = new Date(dto.notifiedAt);
      assertRecordTime(notifiedAt, entity.detectedAt, 'notifiedAt');
      const now = new Date();
      await this.notices.insertNotification(manager, {
        caseId,
        notifiedAt,
        procuraduria: dto.procuraduria,
        officialName: dto.officialName,
        means: dto.means,
        reference: dto.reference ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.cases.updateCase(manager, caseId, { procuraduriaNotifiedAt: notifiedAt });
      await this.outbox.appendEvent(manager, procuraduriaNotifiedV1, {
        ...aboutCase(entity, caller.principal, now),
        data: {
          notifiedAt: notifiedAt.toISOString(),
          means: dto.means,
          minutesSinceDetection: minutesBetween(entity.detectedAt, notifiedAt),
        },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }

  public async recordDifChannelling(caller: Caller, caseId: string, dto: RecordDifChannellingDto): Promise<CaseView> {
    return this.access.changeOpenCase(caller, 'case.channel-to-dif', caseId, async (manager, { case: entity }) => {
      assertChannellingFacility(dto.facilityType, dto.protectionMeasureId);
      if (entity.difChannelledAt) {
        throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The channelling to DIF is already recorded.', 'LM-02');
      }
      const channelledAt = new Date(dto.channelledAt);
      assertRecordTime(channelledAt, entity.detectedAt, 'channelledAt');
      const now = new Date();
      await this.notices.insertChannelling(manager, {
        caseId,
        channelledAt,
        facilityType: dto.facilityType,
        facilityId: dto.facilityId ?? null,
        facilityName: dto.facilityName,
        receivedBy: dto.receivedBy,
        receiptNumber: dto.receiptNumber,
        actaNumber: dto.actaNumber,
        protectionMeasureId: dto.protectionMeasureId ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      await this.cases.updateCase(manager, caseId, { difChannelledAt: channelledAt, status: 'HANDED_OVER' });
      await this.outbox.appendEvent(manager, channelledToDifV1, {
        ...aboutCase(entity, caller.principal, now),
        data: {
          channelledAt: channelledAt.toISOString(),
          facilityType: dto.facilityType,
          ...(dto.facilityId ? { facilityId: dto.facilityId } : {}),
          protectionMeasureIssued: Boolean(dto.protectionMeasureId),
          minutesSinceDetection: minutesBetween(entity.detectedAt, channelledAt),
        },
      });
      return this.reads.viewOf(manager, caseId);
    });
  }

  /**
   * RLM-05: the responsible officer notified the federal Public Prosecutor. Still owed after the
   * hand-over and after an exit from the child flow: a possible crime is reported whatever the age.
   */
  public async recordMpNotification(caller: Caller, caseId: string, dto: RecordMpNotificationDto): Promise<CaseView> {
    return this.access.changeOpenCase(
      caller,
      'case.notify-mp',
      caseId,
      async (manager, { case: entity }) => {
        const task = (await this.cases.findRecords(manager, caseId)).mpNotice;
        if (!task || task.cancelledAt) {
          throw new CaseConflict(
            CaseErrorCode.NO_MP_NOTICE_TASK,
            'No trafficking indicators are recorded for this case, so no notice to the Public Prosecutor is open; record the indicators in the screening first.',
            'RLM-05',
          );
        }
        if (task.notifiedAt) {
          throw new CaseConflict(CaseErrorCode.ALREADY_RECORDED, 'The notice to the Public Prosecutor is already recorded.', 'RLM-05');
        }
        const notifiedAt = new Date(dto.notifiedAt);
        assertRecordTime(notifiedAt, entity.detectedAt, 'notifiedAt');
        const now = new Date();
        await this.notices.completeMpNotice(manager, caseId, {
          notifiedAt,
          notifiedBy: dto.notifiedBy.trim(),
          mpOffice: dto.mpOffice.trim(),
          mpReference: dto.mpReference.trim(),
          recordedBy: caller.principal.subject,
          recordedAt: now,
        });
        // The case's view changed: its version (the ETag a correction names) moves with it.
        await this.cases.updateCase(manager, caseId, {});
        await this.outbox.appendEvent(manager, mpNotifiedV1, {
          ...aboutCase(entity, caller.principal, now),
          data: {
            notifiedAt: notifiedAt.toISOString(),
            minutesSinceOpened: Math.max(0, minutesBetween(task.openedAt, notifiedAt)),
            minutesSinceDetection: minutesBetween(entity.detectedAt, notifiedAt),
          },
        });
        return this.reads.viewOf(manager, caseId);
      },
      { afterAdultExit: true },
    );
  }
}
