import { LockReason, ProtectionStatus } from '@opis/contracts-legal-status';

import { FamilyRecordEntity } from './family-record.entity';
import { RecordActivity } from './family-record.repository';
import { answerOfEvents, LegalStatusAnswer, ProtectionSource } from './legal-status-answer';

export type FirstCallState = 'MET' | 'PENDING' | 'OVERDUE';

/** A family record without names or numbers: who may see the case may see this. */
export interface FamilyRecordView {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  status: string;
  ageBand: string;
  sex: string;
  nationality: string;
  accompaniment: string;
  speaksSpanish: string;
  /**
   * Legal-status's answer, never family-contact's reading of it (issue 18, item 12): asked when the
   * record is read, or legal-status's last events when it cannot be asked (`source`, `asOf`).
   */
  protection: {
    /** Intake's screening flag (LM-12), as intake recorded it: not legal-status's decision. */
    needIndicated: boolean;
    source: ProtectionSource;
    /** legal-status's time of the state shown; null only while nothing is known yet. */
    asOf: string | null;
    status: ProtectionStatus | null;
    claimed: boolean | null;
    /** True while no consulate may be contacted (INV-06), and while legal-status's lock is not known. */
    consularContactLocked: boolean;
    returnLocked: boolean;
    reasons: LockReason[];
  };
  /** The first free call is due from detection (DOMAIN.md's T0); `detectedAt` is null on records opened before it was kept. */
  firstCall: { detectedAt: string | null; dueAt: string; metAt: string | null; state: FirstCallState; overdue: boolean };
  members: Array<{ contactId: string; relationship: string; country: string; wantsContact: string; status: string; locatedAt: string | null }>;
  calls: Array<{
    callId: string;
    contactId: string | null;
    phoneId: string | null;
    dialledBy: string;
    calledAt: string;
    durationSeconds: number;
    outcome: string;
    interpreterUsed: boolean;
    interpreterLanguage: string | null;
  }>;
  tracingAttempts: Array<{ attemptId: string; contactId: string | null; channel: string; outcome: string; attemptedAt: string }>;
  /** Every outbound contact with the country of origin, with purpose and legal basis (DOMAIN.md 4.3). */
  consularNotifications: Array<{
    notificationId: string;
    country: string;
    purpose: string;
    means: string;
    legalBasis: string;
    notifiedAt: string;
    /** Set when the contact was a tracing request through the consulate. */
    tracingAttemptId: string | null;
  }>;
  reunification: {
    handoverId: string;
    contactId: string;
    handedOverAt: string;
    handedOverBy: string;
    placeKind: string;
    placeCountry: string;
    handoverRecordNumber: string;
  } | null;
}

/** The protection part of the view: whose answer, of when. */
export function protectionView(record: Pick<FamilyRecordEntity, 'protectionNeedIndicated'>, answer: LegalStatusAnswer): FamilyRecordView['protection'] {
  return {
    needIndicated: record.protectionNeedIndicated,
    source: answer.source,
    asOf: answer.asOf ? answer.asOf.toISOString() : null,
    status: answer.status,
    claimed: answer.claimed,
    consularContactLocked: answer.consularContactLocked,
    returnLocked: answer.returnLocked,
    reasons: answer.reasons,
  };
}

export function firstCallView(record: FamilyRecordEntity, now: Date): FamilyRecordView['firstCall'] {
  const met = record.firstCallAt;
  const overdue = (met ?? now) >= record.firstCallDueAt;
  return {
    detectedAt: record.detectedAt ? record.detectedAt.toISOString() : null,
    dueAt: record.firstCallDueAt.toISOString(),
    metAt: met ? met.toISOString() : null,
    state: met ? 'MET' : overdue ? 'OVERDUE' : 'PENDING',
    overdue,
  };
}

/** The view; `answer` is legal-status's, asked now, or else its last events applied here. */
export function toRecordView(
  record: FamilyRecordEntity,
  activity: RecordActivity,
  answer: LegalStatusAnswer = answerOfEvents(activity.protection, activity.lock),
  now = new Date(),
): FamilyRecordView {
  return {
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    officeCode: record.officeCode,
    status: record.status,
    ageBand: record.ageBand,
    sex: record.sex,
    nationality: record.nationality,
    accompaniment: record.accompaniment,
    speaksSpanish: record.speaksSpanish,
    protection: protectionView(record, answer),
    firstCall: firstCallView(record, now),
    members: activity.contacts.map((contact) => ({
      contactId: contact.id,
      relationship: contact.relationship,
      country: contact.country,
      wantsContact: contact.wantsContact,
      status: contact.status,
      locatedAt: contact.locatedAt ? contact.locatedAt.toISOString() : null,
    })),
    calls: activity.calls.map((call) => ({
      callId: call.id,
      contactId: call.contactId,
      phoneId: call.phoneId,
      dialledBy: call.dialledBy,
      calledAt: call.calledAt.toISOString(),
      durationSeconds: call.durationSeconds,
      outcome: call.outcome,
      interpreterUsed: call.interpreterUsed,
      interpreterLanguage: call.interpreterLanguage,
    })),
    tracingAttempts: activity.tracing.map((attempt) => ({
      attemptId: attempt.id,
      contactId: attempt.contactId,
      channel: attempt.channel,
      outcome: attempt.outcome,
      attemptedAt: attempt.attemptedAt.toISOString(),
    })),
    consularNotifications: activity.consular.map((notification) => ({
      notificationId: notification.id,
      country: notification.country,
      purpose: notification.purpose,
      means: notification.means,
      legalBasis: notification.legalBasis,
      notifiedAt: notification.notifiedAt.toISOString(),
      tracingAttemptId: notification.tracingAttemptId,
    })),
    reunification: activity.reunification
      ? {
          handoverId: activity.reunification.id,
          contactId: activity.reunification.contactId,
          handedOverAt: activity.reunification.handedOverAt.toISOString(),
          handedOverBy: activity.reunification.handedOverBy,
          placeKind: activity.reunification.placeKind,
          placeCountry: activity.reunification.placeCountry,
          handoverRecordNumber: activity.reunification.handoverRecordNumber,
        }
      : null,
  };
}
