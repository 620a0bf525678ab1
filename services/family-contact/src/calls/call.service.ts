import { Injectable } from '@nestjs/common';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { CallOutcome, callLoggedV1, FamilyStatus } from '@opis/contracts-family-contact';
import { OutboxWriter } from '@opis/messaging';
import { ResourceNotFoundError } from '@opis/platform';

import { ContactRepository } from '../contacts/contact.repository';
import { Caller, FamilyAccess } from '../records/family-access.service';
import { FamilyRecordRepository } from '../records/family-record.repository';
import { FamilyRecordService } from '../records/family-record.service';
import { FamilyRecordView } from '../records/family-record.view';
import { assertNotReunified, FamilyErrorCode, FamilyRuleViolation } from '../records/family.exception';
import { assertNotBeforeCase, assertNotInFuture } from '../records/recorded-time';
import { LogCallDto } from './call.dto';
import { CallRepository } from './call.repository';

/** Outcomes of an offered call that need no number dialled: declined, or no one to call. */
export const CALL_OUTCOMES_WITHOUT_NUMBER: readonly CallOutcome[] = ['REFUSED_BY_CHILD', 'NO_NUMBER'];

/**
 * DOMAIN.md 4.3: a family member reached means IN_CONTACT; a call offered but unanswered, to a
 * wrong number, or with no number to call starts TRACING; a declined call leaves the call offered.
 * Later states (verification onwards) are not moved by a call.
 */
export function statusAfterCall(current: string, outcome: CallOutcome): FamilyStatus {
  const status = current as FamilyStatus;
  const searching = status === 'NOT_STARTED' || status === 'CALL_OFFERED' || status === 'TRACING';
  if (!searching) return status;
  if (outcome === 'REACHED') return 'IN_CONTACT';
  if (outcome === 'REFUSED_BY_CHILD') return status === 'NOT_STARTED' ? 'CALL_OFFERED' : status;
  return 'TRACING';
}

@Injectable()
export class CallService {
  constructor(
    private readonly records: FamilyRecordRepository,
    private readonly calls: CallRepository,
    private readonly contacts: ContactRepository,
    private readonly access: FamilyAccess,
    private readonly recordService: FamilyRecordService,
    private readonly outbox: OutboxWriter,
  ) {}

  public async log(caller: Caller, caseId: string, dto: LogCallDto): Promise<FamilyRecordView> {
    return this.access.change(caller, 'call.log', caseId, async (manager, record) => {
      assertNotReunified(record);
      const calledAt = new Date(dto.calledAt);
      assertNotInFuture('calledAt', calledAt, 'A call cannot be logged before it happens.', FamilyErrorCode.CALL_IN_FUTURE);
      assertNotBeforeCase(record, 'calledAt', calledAt);
      // LM-18: the child is offered the call in a language they understand.
      if (record.speaksSpanish !== 'YES' && !dto.interpreter) {
        throw new FamilyRuleViolation(
          FamilyErrorCode.INTERPRETER_REQUIRED,
          'The child does not (fully) speak Spanish: the call needs an interpreter.',
          'LM-18',
          [{ field: 'interpreter', rule: 'required', message: 'required when the child does not speak Spanish' }],
        );
      }
      const withoutNumber = CALL_OUTCOMES_WITHOUT_NUMBER.includes(dto.outcome);
      let relationship: string | undefined;
      if (!withoutNumber) {
        if (!dto.contactId || !dto.phoneId) {
          throw new FamilyRuleViolation(FamilyErrorCode.NUMBER_REQUIRED, 'A call made names the contact and the number dialled.', undefined, [
            { field: dto.contactId ? 'phoneId' : 'contactId', rule: 'required', message: 'required unless the child declined the call or has no number to call' },
          ]);
        }
      }
      if (dto.outcome === 'NO_NUMBER' && dto.phoneId) {
        throw new FamilyRuleViolation(FamilyErrorCode.NUMBER_NOT_EXPECTED, 'A call with no number to call names no number.', undefined, [
          { field: 'phoneId', rule: 'absent', message: 'must be omitted when the outcome is NO_NUMBER' },
        ]);
      }
      // A number is checked against its contact's; alone it would reach the foreign key as a 500.
      if (dto.phoneId && !dto.contactId) {
        throw new FamilyRuleViolation(FamilyErrorCode.PHONE_NOT_OF_CONTACT, 'A number dialled is named with its contact.', undefined, [
          { field: 'contactId', rule: 'required', message: 'required when phoneId is given' },
        ]);
      }
      if (dto.contactId) {
        const contact = await this.contacts.findContact(manager, caseId, dto.contactId);
        if (!contact) throw new ResourceNotFoundError('contact');
        if (contact.wantsContact === 'NO') {
          throw new FamilyRuleViolation(FamilyErrorCode.CONTACT_NOT_WANTED, 'The child does not want this person contacted.', 'INF-04');
        }
        if (dto.phoneId && !(await this.contacts.findPhone(manager, contact.id, dto.phoneId))) {
          throw new FamilyRuleViolation(FamilyErrorCode.PHONE_NOT_OF_CONTACT, 'The number is not one of this contact’s.', undefined, [
            { field: 'phoneId', rule: 'ofContact', message: 'must be one of the contact’s phone numbers' },
          ]);
        }
        relationship = contact.relationship;
      }
      const now = new Date();
      const callId = uuidv7();
      const firstCall = record.firstCallAt === null;
      await this.calls.insertCall(manager, {
        id: callId,
        caseId,
        contactId: dto.contactId ?? null,
        phoneId: withoutNumber ? (dto.phoneId ?? null) : (dto.phoneId as string),
        dialledBy: dto.dialledBy,
        calledAt,
        durationSeconds: withoutNumber ? 0 : dto.durationSeconds,
        outcome: dto.outcome,
        interpreterUsed: Boolean(dto.interpreter),
        interpreterLanguage: dto.interpreter?.language ?? null,
        interpreterId: dto.interpreter?.interpreterId ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      // The first-call right is met once a call was offered, even if the child declined it or had no one to call.
      await this.records.updateRecord(manager, caseId, {
        status: statusAfterCall(record.status, dto.outcome),
        ...(firstCall ? { firstCallAt: calledAt } : {}),
      });
      await this.outbox.appendEvent(manager, callLoggedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor: { kind: 'officer', id: caller.principal.subject },
        occurredAt: now,
        data: {
          callId,
          ...(dto.contactId ? { contactId: dto.contactId, relationship: relationship as never } : {}),
          outcome: dto.outcome,
          calledAt: calledAt.toISOString(),
          durationSeconds: withoutNumber ? 0 : dto.durationSeconds,
          interpreterUsed: Boolean(dto.interpreter),
          firstCall,
        },
      });
      return this.recordService.viewIn(manager, caseId);
    });
  }
}
