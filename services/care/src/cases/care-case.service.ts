import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import {
  CARE_NEEDS,
  CareNeed,
  careIncidentReportedV1,
  careNeedDeliveredV1,
  carePlacementChangedV1,
  carePlacementRefusedV1,
  isSeriousIncident,
  PLACEMENT_REFUSAL_RULES,
  PlacementFacilityType,
} from '@opis/contracts-care';
import { EventActor, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { Accompaniment, AgeBand, Sex } from '@opis/contracts-intake';
import { OutboxWriter } from '@opis/messaging';
import { DomainError, InvalidInputError, Principal, ResourceNotFoundError } from '@opis/platform';

import { CareConfig } from '../care.config';
import { FacilityRepository } from '../facilities/facility.repository';
import { alertingRefusalOf, assertPlacementRequest, assertRecordTime } from '../facilities/placement-rules';
import { assertBeforeClosing, assertOpenForPlacement } from '../records/closing-rules';
import { CareRepository } from '../records/care.repository';
import { CareRecordEntity } from '../records/care-record.entity';
import { minutesBetween } from '../records/need-policy';
import { CareAccess, Caller } from './care-access.service';
import { CareErrorCode, CareConflict, CareRuleViolation } from './care.exception';
import { CareCaseView, toCareCaseView } from './care-case.view';
import { PlaceChildDto, RecordDeliveryDto, RecordHealthScreeningDto, ReportIncidentDto } from './care-commands.dto';

interface Delivery {
  need: CareNeed;
  deliveredAt: Date;
  provided: string;
  meal?: string;
  diet?: string;
  notes?: string;
  placementId?: string;
  screeningId?: string;
}

/** Facilities whose capacity is informational: a hospital admits a child who needs it. */
const CAPACITY_EXEMPT: ReadonlySet<string> = new Set(['HOSPITAL']);

function actorOf(principal: Principal): EventActor {
  return { kind: 'officer', id: principal.subject };
}

function categoriesOf(record: CareRecordEntity): { ageBand: AgeBand; sex: Sex; nationality: string; accompaniment: Accompaniment } {
  return {
    ageBand: record.ageBand as AgeBand,
    sex: record.sex as Sex,
    nationality: record.nationality,
    accompaniment: record.accompaniment as Accompaniment,
  };
}

/**
 * A child's care: reads, deliveries, health screenings, placements and incidents. Nothing here
 * asks about a migration procedure or legal status: care never waits on it (LM-11, INV-07).
 */
@Injectable()
export class CareCaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: CareRepository,
    private readonly facilities: FacilityRepository,
    private readonly outbox: OutboxWriter,
    private readonly access: CareAccess,
    private readonly config: CareConfig,
  ) {}

  /**
   * Runs a change of one child's care in a transaction with the record locked; every outcome,
   * allowed or refused, lands in the audit trail. Another office's case is answered as missing.
   */
  private async changeRecord(
    caller: Caller,
    action: string,
    caseId: string,
    change: (manager: EntityManager, record: CareRecordEntity) => Promise<void>,
  ): Promise<CareCaseView> {
    return this.access.change(caller, action, caseId, async (manager, record) => {
      await change(manager, record);
      const updated = await this.records.findRecord(manager, caseId);
      if (!updated) throw new ResourceNotFoundError('case');
      return toCareCaseView(updated, await this.records.findActivity(manager, caseId));
    });
  }

  public async get(caller: Caller, caseId: string): Promise<CareCaseView> {
    return this.access.read(caller, 'care.read', caseId, async (manager, record) =>
      toCareCaseView(record, await this.records.findActivity(manager, caseId)),
    );
  }

  /** One delivery of a need: a row, the need met if it was not, and `care.need.delivered`. */
  private async deliver(manager: EntityManager, caller: Caller, record: CareRecordEntity, delivery: Delivery): Promise<void> {
    const { dueAt, firstDelivery } = await this.records.meetNeed(manager, record.caseId, delivery.need, delivery.deliveredAt);
    await this.records.insertDelivery(manager, {
      id: uuidv7(),
      caseId: record.caseId,
      need: delivery.need,
      deliveredAt: delivery.deliveredAt,
      deliveredBy: caller.principal.subject,
      provided: delivery.provided,
      meal: delivery.meal ?? null,
      diet: delivery.diet ?? null,
      notes: delivery.notes ?? null,
      placementId: delivery.placementId ?? null,
      screeningId: delivery.screeningId ?? null,
      recordedAt: new Date(),
    });
    await this.outbox.appendEvent(manager, careNeedDeliveredV1, {
      caseId: record.caseId,
      officeCode: record.officeCode as OfficeCode,
      actor: actorOf(caller.principal),
      data: {
        need: delivery.need,
        deliveredAt: delivery.deliveredAt.toISOString(),
        firstDelivery,
        late: firstDelivery && delivery.deliveredAt > dueAt,
        minutesSinceDetection: minutesBetween(record.detectedAt, delivery.deliveredAt),
        ...(delivery.meal ? { meal: delivery.meal as never } : {}),
        ...(delivery.diet ? { diet: delivery.diet as never } : {}),
      },
    });
  }

  public async recordDelivery(caller: Caller, caseId: string, need: string, dto: RecordDeliveryDto): Promise<CareCaseView> {
    // Input checks that depend on the path come before any read or write.
    try {
      if (!(CARE_NEEDS as readonly string[]).includes(need)) {
        throw new InvalidInputError([{ field: 'need', rule: 'isIn', message: `need must be one of ${CARE_NEEDS.join(', ')}` }]);
      }
      if (need === 'FOOD' && !dto.meal) {
        throw new InvalidInputError([{ field: 'meal', rule: 'requiredForFood', message: 'meal is required for FOOD' }]);
      }
      if (need !== 'FOOD' && (dto.meal || dto.diet)) {
        throw new InvalidInputError([{ field: dto.meal ? 'meal' : 'diet', rule: 'onlyForFood', message: 'meal and diet are recorded for FOOD only' }]);
      }
      if (need === 'HEALTH') {
        throw new CareRuleViolation(CareErrorCode.NEED_MET_ELSEWHERE, 'HEALTH is met by a health screening: POST /v1/cases/{caseId}/health-screenings.', undefined, [
          { field: 'need', rule: 'viaHealthScreening', message: 'record HEALTH as a health screening' },
        ]);
      }
      if (need === 'REST') {
        throw new CareRuleViolation(
          CareErrorCode.NEED_MET_ELSEWHERE,
          'REST is met by placing the child in a registered facility, apart from unrelated adults: POST /v1/cases/{caseId}/placements.',
          'GD-07',
          [{ field: 'need', rule: 'viaPlacement', message: 'record REST as a placement' }],
        );
      }
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, 'care.deliver', error, caseId);
      throw error;
    }
    return this.changeRecord(caller, 'care.deliver', caseId, async (manager, record) => {
      const deliveredAt = new Date(dto.deliveredAt);
      assertRecordTime(deliveredAt, record.detectedAt, 'deliveredAt');
      assertBeforeClosing(record, deliveredAt, 'deliveredAt');
      await this.deliver(manager, caller, record, {
        need: need as CareNeed,
        deliveredAt,
        provided: dto.provided.trim(),
        meal: dto.meal,
        diet: dto.diet,
        notes: dto.notes,
      });
    });
  }

  public async recordHealthScreening(caller: Caller, caseId: string, dto: RecordHealthScreeningDto): Promise<CareCaseView> {
    return this.changeRecord(caller, 'care.health-screening', caseId, async (manager, record) => {
      const screenedAt = new Date(dto.screenedAt);
      assertRecordTime(screenedAt, record.detectedAt, 'screenedAt');
      assertBeforeClosing(record, screenedAt, 'screenedAt');
      const screeningId = uuidv7();
      await this.records.insertScreening(manager, {
        id: screeningId,
        caseId,
        screenedAt,
        screenedBy: caller.principal.subject,
        urgentReferral: dto.urgentReferral,
        chronicCondition: dto.chronicCondition,
        pregnancyFollowUp: dto.pregnancyFollowUp,
        disabilitySupport: dto.disabilitySupport,
        notes: dto.notes ?? null,
        recordedAt: new Date(),
      });
      if (dto.urgentReferral) {
        await this.records.insertReferral(manager, {
          id: uuidv7(),
          caseId,
          urgent: true,
          reason: 'HEALTH_SCREENING',
          screeningId,
          openedAt: screenedAt,
          openedBy: caller.principal.subject,
        });
        await this.records.addFlag(manager, caseId, 'URGENT_MEDICAL_REFERRAL');
      }
      await this.deliver(manager, caller, record, { need: 'HEALTH', deliveredAt: screenedAt, provided: 'health screening', screeningId });
    });
  }

  public async place(caller: Caller, caseId: string, dto: PlaceChildDto): Promise<CareCaseView> {
    const alerting = alertingRefusalOf(dto);
    if (alerting) {
      // LM-08 RPT: the attempt is an alert outside care, not only an audit row.
      return this.access.refuseWithAlert(caller, 'care.place', caseId, alerting.violation, async (manager, record) => {
        await this.outbox.appendEvent(manager, carePlacementRefusedV1, {
          caseId,
          officeCode: record.officeCode as OfficeCode,
          actor: actorOf(caller.principal),
          data: {
            reason: alerting.reason,
            rule: PLACEMENT_REFUSAL_RULES[alerting.reason],
            requestedFacilityType: dto.facilityType,
            requestedSetting: dto.setting,
            attemptedAt: new Date().toISOString(),
          },
        });
      });
    }
    return this.changeRecord(caller, 'care.place', caseId, async (manager, record) => {
      assertOpenForPlacement(record);
      const placedAt = new Date(dto.placedAt);
      assertPlacementRequest(
        record,
        {
          facilityType: dto.facilityType,
          setting: dto.setting,
          placedAt,
          householdId: dto.householdId,
          procuraduriaDecision: dto.procuraduriaDecision
            ? { reference: dto.procuraduriaDecision.reference, decidedAt: new Date(dto.procuraduriaDecision.decidedAt) }
            : undefined,
          protectionMeasureReference: dto.protectionMeasureReference,
          expectedUntil: dto.expectedUntil ? new Date(dto.expectedUntil) : undefined,
        },
        { inmOfficeMaxWaitMinutes: this.config.CARE_INM_OFFICE_MAX_WAIT_MINUTES },
      );
      const facility = await this.facilities.findForPlacement(manager, dto.facilityId);
      if (!facility || !this.access.officesOf(caller.principal).includes(facility.officeCode as OfficeCode)) {
        throw new CareRuleViolation(CareErrorCode.FACILITY_NOT_REGISTERED, 'A child is placed only in a registered facility (GD-06).', 'GD-06', [
          { field: 'facilityId', rule: 'registeredFacility', message: 'no registered facility with this id in your offices' },
        ]);
      }
      if (facility.type !== dto.facilityType) {
        throw new CareRuleViolation(CareErrorCode.FACILITY_TYPE_MISMATCH, `The facility is registered as ${facility.type}.`, 'GD-06', [
          { field: 'facilityType', rule: 'matchesRegistry', message: `must be ${facility.type}, as registered` },
        ]);
      }
      if (!facility.settings.includes(dto.setting)) {
        throw new CareRuleViolation(CareErrorCode.SETTING_NOT_OFFERED, `The facility has no ${dto.setting}.`, 'GD-07', [
          { field: 'setting', rule: 'offeredByFacility', message: `must be one of ${facility.settings.join(', ')}` },
        ]);
      }
      if (!CAPACITY_EXEMPT.has(facility.type)) {
        const occupancy = await this.facilities.occupancy(manager, facility.id, caseId);
        if (occupancy >= facility.capacity) {
          throw new CareConflict(
            CareErrorCode.FACILITY_FULL,
            `The facility is full (${occupancy} of ${facility.capacity} places taken): choose another registered facility.`,
            'GD-06',
            [{ field: 'facilityId', rule: 'hasCapacity', message: 'the facility has no free place' }],
          );
        }
      }
      const current = await this.records.findCurrentPlacement(manager, caseId);
      if (current && placedAt < current.placedAt) {
        throw new CareRuleViolation(CareErrorCode.PLACEMENT_BEFORE_CURRENT, 'The placement is dated before the current one.', undefined, [
          { field: 'placedAt', rule: 'afterCurrentPlacement', message: 'must not be before the current placement' },
        ]);
      }
      if (current) await this.records.endPlacement(manager, current.id, placedAt);
      const placementId = uuidv7();
      const withFamilyUnit = dto.setting === 'FAMILY_UNIT_AREA';
      await this.records.insertPlacement(manager, {
        id: placementId,
        caseId,
        facilityId: facility.id,
        facilityType: facility.type,
        setting: dto.setting,
        householdId: withFamilyUnit ? (dto.householdId ?? null) : null,
        procuraduriaDecisionReference: dto.procuraduriaDecision?.reference ?? null,
        procuraduriaDecidedAt: dto.procuraduriaDecision ? new Date(dto.procuraduriaDecision.decidedAt) : null,
        protectionMeasureReference: dto.protectionMeasureReference ?? null,
        placedAt,
        expectedUntil: dto.expectedUntil ? new Date(dto.expectedUntil) : null,
        endedAt: null,
        placedBy: caller.principal.subject,
        recordedAt: new Date(),
      });
      await this.outbox.appendEvent(manager, carePlacementChangedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        data: {
          ...categoriesOf(record),
          placementId,
          facilityId: facility.id,
          facilityType: facility.type as PlacementFacilityType,
          setting: dto.setting,
          placedAt: placedAt.toISOString(),
          ...(current ? { previousFacilityType: current.facilityType as PlacementFacilityType } : {}),
          withFamilyUnit,
          procuraduriaDecisionRecorded: Boolean(dto.procuraduriaDecision),
        },
      });
      // DOMAIN.md 4.2: a rest space assigned apart from unrelated adults is what meets REST.
      await this.deliver(manager, caller, record, { need: 'REST', deliveredAt: placedAt, provided: `rest space: ${facility.type} ${dto.setting}`, placementId });
    });
  }

  public async reportIncident(caller: Caller, caseId: string, dto: ReportIncidentDto): Promise<CareCaseView> {
    return this.changeRecord(caller, 'care.incident', caseId, async (manager, record) => {
      const occurredAt = new Date(dto.occurredAt);
      assertRecordTime(occurredAt, record.detectedAt, 'occurredAt');
      assertBeforeClosing(record, occurredAt, 'occurredAt');
      const serious = isSeriousIncident(dto.type, dto.severity);
      const incidentId = uuidv7();
      await this.records.insertIncident(manager, {
        id: incidentId,
        caseId,
        type: dto.type,
        severity: dto.severity,
        serious,
        occurredAt,
        reportedBy: caller.principal.subject,
        notes: dto.notes ?? null,
        protectionConcern: dto.protectionConcern ?? null,
        recordedAt: new Date(),
      });
      if (serious) await this.records.addFlag(manager, caseId, 'SERIOUS_INCIDENT');
      await this.outbox.appendEvent(manager, careIncidentReportedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor: actorOf(caller.principal),
        data: {
          incidentId,
          type: dto.type,
          severity: dto.severity,
          occurredAt: occurredAt.toISOString(),
          notifySupervisors: serious,
          ...(dto.protectionConcern ? { protectionConcern: dto.protectionConcern } : {}),
        },
      });
    });
  }
}
