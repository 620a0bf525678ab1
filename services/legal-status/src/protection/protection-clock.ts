import { CalendarDate, mexicoCityDate, WorkingDayCalendar } from '@opis/platform';

import { LegalStatusConfig } from '../legal-status.config';
import { LegalRecordEntity } from '../records/legal-record.entity';

export interface ProtectionClock {
  /** IP-02, IP-03, IP-08: 45 (or, extended, 90) working days from filing, suspensions not counted. */
  decisionDueDate: CalendarDate | null;
  /** IP-07: the last day a denial can be appealed. */
  appealWindowEndsDate: CalendarDate | null;
}

type ClockRecord = Pick<LegalRecordEntity, 'claimFiledAt' | 'extensionGrantedAt' | 'decidedAt' | 'protectionStatus'>;

/** Computed from the calendar as it stands, so a suspension declared later moves the deadline. */
export function protectionClock(record: ClockRecord, calendar: WorkingDayCalendar, config: LegalStatusConfig): ProtectionClock {
  const term = config.CLAIM_DECISION_WORKING_DAYS * (record.extensionGrantedAt ? 2 : 1);
  return {
    decisionDueDate:
      record.claimFiledAt && record.protectionStatus === 'CLAIM_PENDING'
        ? calendar.addWorkingDays(mexicoCityDate(record.claimFiledAt), term)
        : null,
    appealWindowEndsDate:
      record.decidedAt && record.protectionStatus === 'DENIED'
        ? calendar.addWorkingDays(mexicoCityDate(record.decidedAt), config.APPEAL_WINDOW_WORKING_DAYS)
        : null,
  };
}
