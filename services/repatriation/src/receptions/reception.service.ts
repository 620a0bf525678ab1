import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { EventActor, EventContract, FieldViolation, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import {
  incidentRecordedV1,
  receptionArrivedV1,
  receptionClosedV1,
  receptionFamilyContactedV1,
  receptionHandedOverV1,
  receptionOpenedV1,
  receptionReferredToProcuraduriaV1,
  RiskScreenFinding,
  ReceptionStatus,
  UsAgency,
} from '@opis/contracts-repatriation';
import { OutboxWriter } from '@opis/messaging';
import { AuditTrail, DomainError, ErrorKind, InvalidInputError } from '@opis/platform';

import { Caller } from '../access/case-access.service';
import { ReceptionAccess } from '../access/reception-access.service';
import { CopiesRepository, FamilyMemberCopy } from '../copies/copies.repository';
import { CountryRepository } from '../countries/country.repository';
import { insideWindow } from '../countries/weekly-window';
import { assertNotFuture, assertRecordedTime } from '../recorded-time';
import { RepatriationConflict, RepatriationErrorCode, RepatriationRuleViolation } from '../repatriation.exception';
import {
  CausesOfMigrationDto,
  ChannelDto,
  CloseReceptionDto,
  FamilyContactedDto,
  LinkCaseDto,
  OpenReceptionDto,
  ProcuraduriaMeasureDto,
  ReceptionHandoverDto,
  RecordArrivalDto,
  RiskScreenDto,
} from './reception.dto';
import { ReceptionEntity } from './reception.entity';
import { ReceptionRepository } from './reception.repository';
import { assertEscorted, assertFamilyAssessed, assertFamilyVerified, assertNoMeasurePending, assertPlausibleArrival, referralGrounds, WITH_DIF } from './reception-rules';
import { receptionView, ReceptionView } from './reception.view';

const officer = (caller: Caller): EventActor => ({ kind: 'officer', id: caller.principal.subject });

/** Until intake registered the child, the reception's own id keys its events (see the contracts). */
const eventCaseId = (reception: ReceptionEntity) => reception.caseId ?? reception.id;

/**
 * Reception of a Mexican child returned from the USA (DOMAIN.md 4.5 b, US-01..07): notice,
 * arrival at a registered point (out of hours: an incident, US-03), the case registered in intake
 * and linked here, the independent risk screen (US-06), channelling to DIF and the hand-over.
 */
@Injectable()
export class ReceptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ReceptionAccess,
    private readonly receptions: ReceptionRepository,
    private readonly countries: CountryRepository,
    private readonly copies: CopiesRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  public async open(caller: Caller, dto: OpenReceptionDto): Promise<ReceptionView> {
    const action = 'reception.open';
    try {
      if (!this.access.officesOf(caller.principal).includes(dto.officeCode as OfficeCode)) {
        throw new DomainError({
          code: RepatriationErrorCode.OFFICE_NOT_ALLOWED,
          kind: ErrorKind.FORBIDDEN,
          detail: `You may not open receptions in office ${dto.officeCode}.`,
          violations: [{ field: 'officeCode', rule: 'officeScope', message: 'not one of your offices' }],
        });
      }
      assertPlausibleArrival(dto.expectedAt);
      return await this.dataSource.transaction(async (manager) => {
        await this.mustBePoint(manager, dto.expectedPointCode, 'expectedPointCode');
        const id = uuidv7();
        await this.receptions.insert(manager, {
          id,
          officeCode: dto.officeCode,
          usAgency: dto.usAgency,
          usStation: dto.usStation,
          usReference: dto.usReference,
          expectedPointCode: dto.expectedPointCode,
          expectedAt: new Date(dto.expectedAt),
          consulateNotified: dto.consulateNotified,
          usScreeningRecord: dto.usScreeningRecord,
          openedAt: new Date(),
          openedBy: caller.principal.subject,
        });
        const reception = await this.mustFind(manager, id);
        await this.emit(manager, receptionOpenedV1, reception, officer(caller), {
          receptionId: id,
          usAgency: dto.usAgency as UsAgency,
          expectedPointCode: dto.expectedPointCode,
          expectedAt: new Date(dto.expectedAt).toISOString(),
        });
        await this.audit.record({ actor: caller.principal, action, caseId: id, officeCode: dto.officeCode as OfficeCode, outcome: 'allowed', ...caller.meta }, manager);
        return this.view(manager, reception);
      });
    } catch (error) {
      if (error instanceof DomainError) await this.access.recordRefusal(caller, action, error, undefined, dto.officeCode as OfficeCode);
      throw error;
    }
  }

  public async get(caller: Caller, receptionId: string): Promise<ReceptionView> {
    return this.access.read(caller, 'reception.read', receptionId, (manager, reception) => this.view(manager, reception));
  }

  /** US-03: a registered point; outside its hours for unaccompanied children, an incident (once). */
  public async arrive(caller: Caller, receptionId: string, dto: RecordArrivalDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.arrive', receptionId, ['NOTICE_RECEIVED'], async (manager, reception) => {
      assertNotFuture(dto.arrivedAt, 'arrivedAt');
      const point = await this.mustBePoint(manager, dto.pointCode, 'pointCode');
      const arrivedAt = new Date(dto.arrivedAt);
      const outOfHours = dto.accompaniment === 'UNACCOMPANIED' && !insideWindow(arrivedAt, point);
      await this.receptions.update(manager, reception.id, { status: 'RECEIVED_AT_POINT', pointCode: dto.pointCode, arrivedAt, accompaniment: dto.accompaniment });
      await this.emit(manager, receptionArrivedV1, reception, officer(caller), {
        receptionId: reception.id,
        pointCode: dto.pointCode,
        arrivedAt: arrivedAt.toISOString(),
        accompaniment: dto.accompaniment,
        outOfHours,
      });
      if (outOfHours) {
        const incidentId = uuidv7();
        if (await this.receptions.insertIncident(manager, { id: incidentId, kind: 'OUT_OF_HOURS_ARRIVAL', receptionId: reception.id, pointCode: dto.pointCode, occurredAt: arrivedAt })) {
          await this.emit(manager, incidentRecordedV1, reception, officer(caller), {
            incidentId,
            kind: 'OUT_OF_HOURS_ARRIVAL',
            receptionId: reception.id,
            pointCode: dto.pointCode,
            usAgency: reception.usAgency as UsAgency,
            occurredAt: arrivedAt.toISOString(),
          });
        }
      }
    });
  }

  /**
   * The child was registered in intake like every child (US-07): the reception takes that case if
   * repatriation's copy shows it exists, came RETURNED_FROM_USA and belongs to the same office.
   */
  public async linkCase(caller: Caller, receptionId: string, dto: LinkCaseDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.link-case', receptionId, ['RECEIVED_AT_POINT', 'CHANNELLED_DIF_MODULE'], async (manager, reception) => {
      if (reception.caseId === dto.caseId) return;
      if (reception.caseId) throw new RepatriationConflict(RepatriationErrorCode.CASE_ALREADY_LINKED, 'The reception is already linked to another case.');
      const copy = await this.copies.findCase(manager, dto.caseId);
      // One answer for a case not yet here and another office's case: a different one would tell
      // an officer that a child is registered elsewhere (issue 19, oracles).
      if (!copy || copy.officeCode !== reception.officeCode || !this.access.officesOf(caller.principal).includes(copy.officeCode as OfficeCode)) {
        throw new DomainError({
          code: 'CASE_NOT_FOUND',
          kind: ErrorKind.NOT_FOUND,
          detail: 'No case of this office with that id has reached repatriation: register the child in intake first, or try again in a moment.',
        });
      }
      if (copy.entryPath !== 'RETURNED_FROM_USA') {
        throw new RepatriationRuleViolation(RepatriationErrorCode.CASE_NOT_RETURNED_FROM_USA, 'The case was not registered as a child returned from the USA.', 'US-05', [
          { field: 'caseId', rule: 'US-05', message: 'entry path must be RETURNED_FROM_USA' },
        ]);
      }
      if (await this.receptions.findByCase(manager, dto.caseId)) {
        throw new RepatriationConflict(RepatriationErrorCode.CASE_ALREADY_LINKED, 'The case is already linked to another reception.');
      }
      await this.receptions.update(manager, reception.id, { caseId: dto.caseId });
    });
  }

  /** US-06: the OPI's independent screen; a positive finding holds the child for a Procuraduría measure. */
  public async riskScreen(caller: Caller, receptionId: string, dto: RiskScreenDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.risk-screen', receptionId, WITH_DIF, async (manager, reception) => {
      assertRecordedTime(dto.screenedAt, 'screenedAt', await this.caseBegan(manager, reception));
      await this.receptions.update(manager, reception.id, { riskScreenedAt: new Date(dto.screenedAt), riskFindings: dto.findings });
      await this.referIfAtRisk(manager, reception.id, officer(caller));
    });
  }

  /** LM-15: DIF's assessment of why the child migrated; intrafamily violence holds a family hand-over for a measure. */
  public async recordCauses(caller: Caller, receptionId: string, dto: CausesOfMigrationDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.causes-of-migration', receptionId, WITH_DIF, async (manager, reception) => {
      assertRecordedTime(dto.recordedAt, 'recordedAt', await this.caseBegan(manager, reception));
      await this.receptions.update(manager, reception.id, { causesOfMigration: dto.causes, causesRecordedAt: new Date(dto.recordedAt) });
      await this.referIfAtRisk(manager, reception.id, officer(caller));
    });
  }

  public async recordMeasure(caller: Caller, receptionId: string, dto: ProcuraduriaMeasureDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.procuraduria-measure', receptionId, WITH_DIF, async (manager, reception) => {
      assertRecordedTime(dto.issuedAt, 'issuedAt', await this.caseBegan(manager, reception));
      await this.receptions.update(manager, reception.id, { measureReference: dto.measureReference, measureIssuedAt: new Date(dto.issuedAt) });
    });
  }

  /** US-05: to a DIF module, once the child is a case (care and family contact run on it) and screened. */
  public async channel(caller: Caller, receptionId: string, dto: ChannelDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.channel', receptionId, ['RECEIVED_AT_POINT'], async (manager, reception) => {
      assertRecordedTime(dto.channelledAt, 'channelledAt', await this.caseBegan(manager, reception));
      const missing: FieldViolation[] = [
        ...(reception.caseId ? [] : [{ field: 'caseId', rule: 'US-07', message: 'register the child in intake and link the case first' }]),
        ...(reception.riskScreenedAt ? [] : [{ field: 'riskScreen', rule: 'US-06', message: 'the independent risk screen comes first' }]),
      ];
      if (missing.length > 0) {
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.RISK_SCREEN_MISSING,
          'Channelling needs the case registered in intake (US-07) and the independent risk screen (US-06).',
          missing.map((item) => item.rule).join(' '),
          missing,
        );
      }
      await this.receptions.update(manager, reception.id, { status: 'CHANNELLED_DIF_MODULE', difPlatformId: dto.difPlatformId, channelledAt: new Date(dto.channelledAt) });
      await this.referIfAtRisk(manager, reception.id, officer(caller));
    });
  }

  /**
   * US-05: DIF reached a parent or guardian family-contact knows (not one flagged as a risk). While
   * the Procuraduría's measure is pending, the reception stays with the Procuraduría.
   */
  public async contactFamily(caller: Caller, receptionId: string, dto: FamilyContactedDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.family-contacted', receptionId, ['CHANNELLED_DIF_MODULE', 'PROCURADURIA_MEASURE'], async (manager, reception) => {
      assertRecordedTime(dto.contactedAt, 'contactedAt', await this.caseBegan(manager, reception));
      assertNoMeasurePending(reception);
      const member = reception.caseId ? await this.member(manager, reception.caseId, dto.familyContactId) : undefined;
      if (!member || member.status === 'FLAGGED') {
        throw new RepatriationRuleViolation(
          RepatriationErrorCode.FAMILY_NOT_VERIFIED,
          'DIF contacts a parent or guardian family-contact has located, never one flagged as a risk (US-05, GD-05).',
          'US-05',
          [{ field: 'familyContactId', rule: 'US-05', message: member ? 'this person is flagged as a risk' : 'family-contact has not located this person' }],
        );
      }
      const contactedAt = new Date(dto.contactedAt);
      await this.receptions.update(manager, reception.id, { status: 'FAMILY_CONTACTED', familyContactId: dto.familyContactId, familyContactedAt: contactedAt });
      await this.emit(manager, receptionFamilyContactedV1, reception, officer(caller), {
        receptionId: reception.id,
        familyContactId: dto.familyContactId,
        contactedAt: contactedAt.toISOString(),
      });
    });
  }

  /** DOMAIN.md 4.5 b: a reception ended with family or the home state's DIF is closed. */
  public async close(caller: Caller, receptionId: string, dto: CloseReceptionDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.close', receptionId, ['HANDED_TO_FAMILY', 'TRANSFERRED_STATE_DIF'], async (manager, reception) => {
      if (dto.closedAt) assertRecordedTime(dto.closedAt, 'closedAt', await this.caseBegan(manager, reception));
      const closedAt = dto.closedAt ? new Date(dto.closedAt) : new Date();
      if (reception.handedOverAt && closedAt.getTime() < new Date(reception.handedOverAt).getTime()) {
        throw new RepatriationRuleViolation(RepatriationErrorCode.CLOSED_BEFORE_HANDOVER, 'A reception closes after its hand-over.', undefined, [
          { field: 'closedAt', rule: 'afterHandover', message: 'closedAt must not be before the hand-over' },
        ]);
      }
      await this.receptions.update(manager, reception.id, { status: 'CLOSED', closedAt, closedBy: caller.principal.subject });
      await this.emit(manager, receptionClosedV1, reception, officer(caller), {
        receptionId: reception.id,
        kind: reception.status === 'HANDED_TO_FAMILY' ? 'FAMILY' : 'STATE_DIF',
        closedAt: closedAt.toISOString(),
      });
    });
  }

  /**
   * DOMAIN.md 4.5 b: once channelled, a positive screen (US-06) or intrafamily violence (LM-15)
   * sends the reception to the Procuraduría, once; it leaves only by a hand-over after the measure
   * or, the measure recorded, by the family being contacted.
   */
  private async referIfAtRisk(manager: EntityManager, receptionId: string, actor: EventActor): Promise<void> {
    const reception = await this.mustFind(manager, receptionId);
    const grounds = referralGrounds(reception);
    if (grounds.length === 0 || reception.procuraduriaReferredAt || !['CHANNELLED_DIF_MODULE', 'FAMILY_CONTACTED'].includes(reception.status)) return;
    await this.receptions.update(manager, reception.id, { status: 'PROCURADURIA_MEASURE', procuraduriaReferredAt: new Date() });
    await this.emit(manager, receptionReferredToProcuraduriaV1, reception, actor, {
      receptionId: reception.id,
      grounds,
      findings: (reception.riskFindings ?? []) as RiskScreenFinding[],
    });
  }

  /** US-05, US-06, LM-14, INV-08: to a verified family member, or escorted to the home state's DIF. */
  public async handOver(caller: Caller, receptionId: string, dto: ReceptionHandoverDto): Promise<ReceptionView> {
    return this.change(caller, 'reception.handover', receptionId, ['CHANNELLED_DIF_MODULE', 'FAMILY_CONTACTED', 'PROCURADURIA_MEASURE'], async (manager, reception) => {
      assertRecordedTime(dto.handedOverAt, 'handedOverAt', await this.caseBegan(manager, reception));
      assertNoMeasurePending(reception);
      const family = dto.kind === 'FAMILY';
      if (family) {
        assertFamilyAssessed(reception);
        assertFamilyVerified(dto, dto.familyContactId && reception.caseId ? await this.member(manager, reception.caseId, dto.familyContactId) : undefined);
      } else {
        assertEscorted(dto);
      }
      const handedOverAt = new Date(dto.handedOverAt);
      const handoverId = uuidv7();
      await this.receptions.insertHandover(manager, reception.id, {
        id: handoverId,
        kind: dto.kind,
        familyContactId: family ? (dto.familyContactId ?? null) : null,
        identityEvidence: dto.identityEvidence,
        kinshipEvidence: dto.kinshipEvidence,
        homeState: family ? null : (dto.homeState ?? null),
        escortOfficerIds: dto.escortOfficerIds,
        handedOverAt,
        recordedBy: caller.principal.subject,
      });
      const status: ReceptionStatus = family ? 'HANDED_TO_FAMILY' : 'TRANSFERRED_STATE_DIF';
      await this.receptions.update(manager, reception.id, { status, handedOverAt });
      await this.emit(manager, receptionHandedOverV1, reception, officer(caller), {
        receptionId: reception.id,
        handoverId,
        kind: family ? 'FAMILY' : 'STATE_DIF',
        ...(family ? { familyContactId: dto.familyContactId } : { homeState: dto.homeState }),
        escorts: dto.escortOfficerIds.length,
        handedOverAt: handedOverAt.toISOString(),
      });
    });
  }

  private async emit<T extends object>(manager: EntityManager, contract: EventContract<T>, reception: ReceptionEntity, actor: EventActor, data: T): Promise<void> {
    await this.outbox.appendEvent(manager, contract, { caseId: eventCaseId(reception), officeCode: reception.officeCode as OfficeCode, actor, data });
  }

  private async mustBePoint(manager: EntityManager, code: string, field: string) {
    const [point] = await this.countries.points(manager, code);
    if (!point) {
      throw new RepatriationRuleViolation(RepatriationErrorCode.POINT_NOT_REGISTERED, `${code} is not a registered repatriation point.`, 'US-03', [
        { field, rule: 'US-03', message: 'not a registered repatriation point' },
      ]);
    }
    return point;
  }

  private async change(
    caller: Caller,
    action: string,
    receptionId: string,
    allowed: readonly ReceptionStatus[],
    change: (manager: EntityManager, reception: ReceptionEntity) => Promise<void>,
  ): Promise<ReceptionView> {
    return this.access.change(caller, action, receptionId, async (manager, reception) => {
      if (!allowed.includes(reception.status)) {
        throw new RepatriationConflict(RepatriationErrorCode.RECEPTION_STATE, `The reception is ${reception.status}; this step needs it ${allowed.join(' or ')}.`);
      }
      await change(manager, reception);
      return this.view(manager, await this.mustFind(manager, receptionId));
    });
  }

  /**
   * When the linked case began (intake's detection), which no time recorded on the reception may
   * precede; null before a case is linked: a child returned from the USA may have none yet.
   */
  private async caseBegan(manager: EntityManager, reception: ReceptionEntity): Promise<Date | null> {
    return reception.caseId ? ((await this.copies.findCase(manager, reception.caseId))?.detectedAt ?? null) : null;
  }

  private async member(manager: EntityManager, caseId: string, contactId: string): Promise<FamilyMemberCopy | null> {
    return (await this.copies.findMembers(manager, caseId)).find((candidate) => candidate.contactId === contactId) ?? null;
  }

  private async mustFind(manager: EntityManager, id: string): Promise<ReceptionEntity> {
    const reception = await this.receptions.find(manager, id);
    if (!reception) throw new InvalidInputError([{ field: 'receptionId', rule: 'exists', message: 'no such reception' }]);
    return reception;
  }

  private async view(manager: EntityManager, reception: ReceptionEntity): Promise<ReceptionView> {
    return receptionView(reception, await this.receptions.handover(manager, reception.id), await this.receptions.incidents(manager, reception.id));
  }
}
