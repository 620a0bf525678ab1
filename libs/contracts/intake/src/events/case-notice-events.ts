import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, MaxLength, Min } from 'class-validator';

import { defineEvent } from '@opis/contracts-envelope';

import {
  DEADLINE_CLOCKS,
  DEADLINE_LEVELS,
  DeadlineClock,
  DeadlineLevel,
  FACILITY_TYPES,
  FacilityType,
  NOTIFICATION_MEANS,
  NotificationMeans,
} from '../vocabulary/case-vocabulary';

export class ProcuraduriaNotifiedV1 {
  @IsISO8601({ strict: true })
  public notifiedAt!: string;

  @IsIn(NOTIFICATION_MEANS)
  public means!: NotificationMeans;

  /** Minutes from detection to notification, for the INV-03 compliance indicators. */
  @IsInt()
  @Min(0)
  public minutesSinceDetection!: number;
}

export const procuraduriaNotifiedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'procuraduria-notified', version: 1 },
  dataClass: ProcuraduriaNotifiedV1,
  semantics: 'change',
  description: 'INM notified the child-protection Procuraduría (LM-01, LM-02, LM-05). A migration procedure may open only after this.',
  example: { notifiedAt: '2026-11-29T15:00:00.000Z', means: 'OFFICIAL_LETTER', minutesSinceDetection: 55 },
});

export class ChannelledToDifV1 {
  @IsISO8601({ strict: true })
  public channelledAt!: string;

  @IsIn(FACILITY_TYPES)
  public facilityType!: FacilityType;

  /** The facility's registry id when it has one; names stay in intake. */
  @IsOptional()
  @IsString()
  @MaxLength(80)
  public facilityId?: string;

  @IsBoolean()
  public protectionMeasureIssued!: boolean;

  @IsInt()
  @Min(0)
  public minutesSinceDetection!: number;
}

export const channelledToDifV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'channelled-to-dif', version: 1 },
  dataClass: ChannelledToDifV1,
  semantics: 'change',
  description: 'The child was handed over to DIF with an acta de canalización (LM-02, LM-04, GD-14): a custody hand-over.',
  example: {
    channelledAt: '2026-11-29T18:30:00.000Z',
    facilityType: 'DIF_SHELTER',
    facilityId: 'DIF-CHP-TAPACHULA-01',
    protectionMeasureIssued: false,
    minutesSinceDetection: 265,
  },
});

export class DeadlineOverdueV1 {
  @IsIn(DEADLINE_CLOCKS)
  public clock!: DeadlineClock;

  @IsIn(DEADLINE_LEVELS)
  public level!: DeadlineLevel;

  @IsISO8601({ strict: true })
  public detectedAt!: string;

  @IsISO8601({ strict: true })
  public thresholdAt!: string;
}

export const deadlineOverdueV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'deadline-overdue', version: 1 },
  dataClass: DeadlineOverdueV1,
  semantics: 'change',
  description: 'An INV-03 clock passed a threshold (escalation or breach) without the record it waits for. Raised once per clock and level.',
  example: {
    clock: 'PROCURADURIA_NOTIFICATION',
    level: 'BREACH',
    detectedAt: '2026-11-28T14:05:00.000Z',
    thresholdAt: '2026-11-29T14:05:00.000Z',
  },
});

export class MpNotifiedV1 {
  @IsISO8601({ strict: true })
  public notifiedAt!: string;

  /** Minutes from the task's opening (the trafficking indicators recorded) to the notice. */
  @IsInt()
  @Min(0)
  public minutesSinceOpened!: number;

  @IsInt()
  @Min(0)
  public minutesSinceDetection!: number;
}

export const mpNotifiedV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'mp-notified', version: 1 },
  dataClass: MpNotifiedV1,
  semantics: 'change',
  description:
    'The federal Public Prosecutor (MP) was notified that the child may be a trafficking victim (RLM-05): the notice task opened by the screening is done. The MP office and its reference stay in intake.',
  example: { notifiedAt: '2026-11-29T19:00:00.000Z', minutesSinceOpened: 240, minutesSinceDetection: 295 },
});

export class MpNoticeOverdueV1 {
  @IsISO8601({ strict: true })
  public detectedAt!: string;

  /** When the trafficking indicators were recorded and the task opened. */
  @IsISO8601({ strict: true })
  public openedAt!: string;

  @IsISO8601({ strict: true })
  public dueAt!: string;
}

export const mpNoticeOverdueV1 = defineEvent({
  name: { service: 'intake', aggregate: 'case', event: 'mp-notice-overdue', version: 1 },
  dataClass: MpNoticeOverdueV1,
  semantics: 'change',
  description:
    'The notice to the Public Prosecutor (MP) that a trafficking screening requires (RLM-05) passed its due time without being recorded. Raised once per task, like intake.case.deadline-overdue.',
  example: { detectedAt: '2026-11-29T14:05:00.000Z', openedAt: '2026-11-29T15:00:00.000Z', dueAt: '2026-11-30T15:00:00.000Z' },
});
