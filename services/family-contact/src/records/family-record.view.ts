import { protectionLockHolds, ProtectionStatus } from '@opis/contracts-legal-status';

import { CaseProtectionEntity, FamilyRecordEntity } from './family-record.entity';
import { RecordActivity } from './family.repository';

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
  protection: {
    needIndicated: boolean;
    claimed: boolean;
    status: string | null;
    asOf: string | null;
    /** True while no consulate may be contacted (INV-06); legal-status is still asked when false. */
    consularContactLocked: boolean;
  };
  firstCall: { dueAt: string; metAt: string | null; state: FirstCallState; overdue: boolean };
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
  consularNotifications: Array<{ notificationId: string; country: string; purpose: string; means: string; notifiedAt: string }>;
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

/** The local half of the consular check: intake's screening flag and legal-status's last event. */
export function localProtectionLock(record: Pick<FamilyRecordEntity, 'protectionNeedIndicated'>, protection: CaseProtectionEntity | null): boolean {
  return protectionLockHolds({
    protectionClaimed: protection?.protectionClaimed ?? false,
    protectionNeedIndicated: record.protectionNeedIndicated,
    status: (protection?.status as ProtectionStatus | undefined) ?? 'NOT_ASSESSED',
  });
}

export function firstCallView(record: FamilyRecordEntity, now: Date): FamilyRecordView['firstCall'] {
  const met = record.firstCallAt;
  const overdue = (met ?? now) >= record.firstCallDueAt;
  return {
    dueAt: record.firstCallDueAt.toISOString(),
    metAt: met ? met.toISOString() : null,
    state: met ? 'MET' : overdue ? 'OVERDUE' : 'PENDING',
    overdue,
  };
}

export function toRecordView(record: FamilyRecordEntity, activity: RecordActivity, now = new Date()): FamilyRecordView {
  const { protection } = activity;
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
    protection: {
      needIndicated: record.protectionNeedIndicated,
      claimed: protection?.protectionClaimed ?? false,
      status: protection?.status ?? null,
      asOf: protection ? protection.asOf.toISOString() : null,
      consularContactLocked: localProtectionLock(record, protection),
    },
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
      notifiedAt: notification.notifiedAt.toISOString(),
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
