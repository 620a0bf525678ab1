import { CareNeed, CareRecordStatus } from '@opis/contracts-care';

import { CareActivity } from '../records/care.repository';
import { CareRecordEntity } from '../records/care-record.entity';
import { BASIC_NEEDS, NeedTiming, needTiming } from '../records/need-policy';
import { CareDeliveryEntity, HealthScreeningEntity, IncidentEntity, MedicalReferralEntity } from './care-activity.entity';
import { PlacementEntity } from '../facilities/facility.entity';

type Dated<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

function iso<T extends object>(entity: T): Dated<Omit<T, 'caseId'>> {
  const entries = Object.entries(entity)
    .filter(([key]) => key !== 'caseId')
    .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]);
  return Object.fromEntries(entries) as Dated<Omit<T, 'caseId'>>;
}

export interface NeedView extends NeedTiming {
  deliveries: Array<Dated<Omit<CareDeliveryEntity, 'caseId' | 'need'>>>;
}

export interface CareCaseView {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  ageBand: string;
  sex: string;
  nationality: string;
  accompaniment: string;
  householdId: string | null;
  /** DOMAIN.md 4.2: OPEN, ACTIVE once every basic need is met, TRANSFERRED once handed to DIF (closed). */
  status: CareRecordStatus;
  /** When the record closed (the hand-over to DIF); null while open. */
  closedAt: string | null;
  detectedAt: string;
  screening: {
    protectionNeedIndicated: boolean;
    traffickingIndicators: boolean;
    medicalEmergency: boolean;
    disability: boolean;
    pregnant: boolean;
  };
  flags: string[];
  /** Some need is past its due time and not met. */
  overdue: boolean;
  needs: NeedView[];
  healthScreenings: Array<Dated<Omit<HealthScreeningEntity, 'caseId'>>>;
  referrals: Array<Dated<Omit<MedicalReferralEntity, 'caseId'>>>;
  placement: {
    current: Dated<Omit<PlacementEntity, 'caseId'>> | null;
    history: Array<Dated<Omit<PlacementEntity, 'caseId'>>>;
  };
  incidents: Array<Dated<Omit<IncidentEntity, 'caseId'>>>;
  openedAt: string;
}

const NEED_ORDER: readonly CareNeed[] = ['HEALTH', 'FOOD', 'CLOTHING', 'REST', 'PSYCHOLOGICAL_FIRST_AID'];

export function toCareCaseView(record: CareRecordEntity, activity: CareActivity, now = new Date()): CareCaseView {
  const needs = [...activity.needs]
    .sort((a, b) => NEED_ORDER.indexOf(a.need as CareNeed) - NEED_ORDER.indexOf(b.need as CareNeed))
    .map((need) => ({
      ...needTiming(need.need as CareNeed, need.dueAt, need.metAt, now, record.closedAt),
      deliveries: activity.deliveries
        .filter((delivery) => delivery.need === need.need)
        .map((delivery) => {
          const { need: _need, ...rest } = iso(delivery);
          return rest;
        }),
    }));
  const current = activity.placements.find((placement) => placement.endedAt === null) ?? null;
  const basicNeedsMet = needs.filter((need) => BASIC_NEEDS.includes(need.need)).every((need) => need.state === 'MET');
  const status = record.status === 'OPEN' ? (basicNeedsMet ? 'ACTIVE' : 'OPEN') : (record.status as CareRecordStatus);
  return {
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    officeCode: record.officeCode,
    ageBand: record.ageBand,
    sex: record.sex,
    nationality: record.nationality,
    accompaniment: record.accompaniment,
    householdId: record.householdId,
    status,
    closedAt: record.closedAt ? record.closedAt.toISOString() : null,
    detectedAt: record.detectedAt.toISOString(),
    screening: {
      protectionNeedIndicated: record.protectionNeedIndicated,
      traffickingIndicators: record.traffickingIndicators,
      medicalEmergency: record.medicalEmergency,
      disability: record.disability,
      pregnant: record.pregnant,
    },
    flags: record.flags,
    overdue: needs.some((need) => need.state === 'OVERDUE'),
    needs,
    healthScreenings: activity.screenings.map(iso),
    referrals: activity.referrals.map(iso),
    placement: { current: current ? iso(current) : null, history: activity.placements.map(iso) },
    incidents: activity.incidents.map(iso),
    openedAt: record.createdAt.toISOString(),
  };
}
