import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { BestInterestsRepository } from '../best-interests/best-interests.repository';
import { LegalCalendar } from '../calendar/legal-calendar.service';
import { InformingRepository } from '../informing/informing.repository';
import { LegalStatusConfig } from '../legal-status.config';
import { ProcedureRepository } from '../procedure/procedure.repository';
import { ProtectionRepository } from '../protection/protection.repository';
import { VrhGroundRepository } from '../vrh/vrh-ground.repository';
import { ChildTextCipher } from './child-text.cipher';
import { Caller, LegalAccess } from './legal-access.service';
import { LegalRecordRepository } from './legal-record.repository';
import { LegalRecordView, toRecordView } from './legal-record.view';

/** The legal record as officers read it: the record with every feature's part, child texts opened. */
@Injectable()
export class LegalRecordViews {
  constructor(
    private readonly records: LegalRecordRepository,
    private readonly access: LegalAccess,
    private readonly calendar: LegalCalendar,
    private readonly config: LegalStatusConfig,
    private readonly childText: ChildTextCipher,
    private readonly bestInterests: BestInterestsRepository,
    private readonly informing: InformingRepository,
    private readonly procedures: ProcedureRepository,
    private readonly protection: ProtectionRepository,
    private readonly grounds: VrhGroundRepository,
  ) {}

  public async get(caller: Caller, caseId: string): Promise<LegalRecordView> {
    return this.access.read(caller, 'legal-record.read', caseId, (manager) => this.viewIn(manager, caseId));
  }

  /** The view of a record, read in the caller's manager (inside a change's transaction too). */
  public async viewIn(manager: EntityManager, caseId: string): Promise<LegalRecordView> {
    const record = await this.records.findRecord(manager, caseId);
    if (!record) throw new Error(`record ${caseId} vanished inside its own transaction`);
    const calendar = await this.calendar.load(manager);
    const bestInterests = await this.bestInterests.findBestInterests(manager, caseId);
    const sessions = await this.informing.findSessions(manager, caseId);
    const opened = {
      ...record,
      procedureImpactAssessment: this.childText.openOptional('legal_record.procedure_impact_assessment', record.caseId, record.procedureImpactAssessment),
      claimLateJustification: this.childText.openOptional('legal_record.claim_late_justification', record.caseId, record.claimLateJustification),
    };
    return toRecordView(opened, {
      checklist: await this.procedures.findChecklist(manager, caseId),
      bestInterests: bestInterests.map((bi) => ({ ...bi, childViews: this.childText.open('best_interests_record.child_views', bi.id, bi.childViews) })),
      sessions: sessions.map((session) => ({
        ...session,
        understanding: this.childText.open('information_session.understanding', session.id, session.understanding),
        childViews: this.childText.openOptional('information_session.child_views', session.id, session.childViews),
        hearingAppropriatenessReason: this.childText.openOptional(
          'information_session.hearing_appropriateness_reason',
          session.id,
          session.hearingAppropriatenessReason,
        ),
      })),
      duties: await this.informing.findDuties(manager, caseId),
      vrh: await this.grounds.findVrhGrounds(manager, caseId),
      fearLifts: (await this.protection.findFearLifts(manager, caseId)).map((lift) => ({
        ...lift,
        childViews: this.childText.openOptional('fear_lift.child_views', lift.id, lift.childViews),
        childViewsUnavailableReason: this.childText.openOptional('fear_lift.child_views_unavailable_reason', lift.id, lift.childViewsUnavailableReason),
      })),
      calendar,
      config: this.config,
    });
  }
}
