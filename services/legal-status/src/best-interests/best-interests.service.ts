import { Injectable } from '@nestjs/common';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { bestInterestsRecordedV1, ProcedureStatus } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';

import { LegalErrorCode, LegalRuleViolation } from '../legal.exception';
import { LegalEffects } from '../lock/legal-effects.service';
import { statusOnPlanRecorded } from '../procedure/procedure-rules';
import { assertRecordedTime } from '../procedure/procedure.service';
import { ChildTextCipher } from '../records/child-text.cipher';
import { Caller, LegalAccess } from '../records/legal-access.service';
import { LegalRecordViews } from '../records/legal-record-views.service';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { LegalRecordView } from '../records/legal-record.view';
import { RecordBestInterestsDto } from './best-interests.dto';
import { BestInterestsRepository } from './best-interests.repository';

/** IP-09, GD-13, INF-04: what a best-interests record must hold before it counts. */
export function assertBestInterests(dto: RecordBestInterestsDto): asserts dto is RecordBestInterestsDto & { childViews: string } {
  if (!dto.childViews?.trim()) {
    throw new LegalRuleViolation(
      LegalErrorCode.CHILD_VIEWS_MISSING,
      'Every best-interests record holds the child’s views, or the reason they could not be given (too young, unable).',
      'INF-04',
      [{ field: 'childViews', rule: 'required', message: 'the child’s views, or why they could not be given' }],
    );
  }
  if (dto.type === 'PLAN' && (!dto.recommendedMeasure || !dto.documentReference)) {
    throw new LegalRuleViolation(
      LegalErrorCode.PLAN_INCOMPLETE,
      'A plan de restitución is a document with a recommended measure (LM art. 112 fr. III).',
      'LM-06',
      [
        ...(dto.recommendedMeasure ? [] : [{ field: 'recommendedMeasure', rule: 'required', message: 'a plan recommends a measure' }]),
        ...(dto.documentReference ? [] : [{ field: 'documentReference', rule: 'required', message: 'the plan’s document reference' }]),
      ],
    );
  }
  if (dto.type === 'BID' && (dto.panelMembers ?? []).length === 0) {
    throw new LegalRuleViolation(LegalErrorCode.PANEL_REQUIRED, 'A Best Interests Determination is made by a panel (UNHCR BIP).', 'IP-09', [
      { field: 'panelMembers', rule: 'arrayMinSize', message: 'at least one panel member' },
    ]);
  }
  if (dto.recommendedMeasure && !dto.optionsConsidered.includes(dto.recommendedMeasure)) {
    throw new LegalRuleViolation(
      LegalErrorCode.OPTIONS_MISSING_RECOMMENDATION,
      'The recommended measure must be among the options considered.',
      'IP-09',
      [{ field: 'optionsConsidered', rule: 'containsRecommendation', message: 'must include recommendedMeasure' }],
    );
  }
}

@Injectable()
export class BestInterestsService {
  constructor(
    private readonly records: LegalRecordRepository,
    private readonly bestInterests: BestInterestsRepository,
    private readonly access: LegalAccess,
    private readonly effects: LegalEffects,
    private readonly views: LegalRecordViews,
    private readonly outbox: OutboxWriter,
    private readonly childText: ChildTextCipher,
  ) {}

  public async record(caller: Caller, caseId: string, dto: RecordBestInterestsDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'best-interests.record', caseId, async (manager, record) => {
      const decidedAt = new Date(dto.decidedAt);
      assertRecordedTime(decidedAt, 'decidedAt', record);
      assertBestInterests(dto);
      const now = new Date();
      const id = uuidv7();
      await this.bestInterests.insertBestInterests(manager, {
        id,
        caseId,
        recordType: dto.type,
        author: dto.author,
        panelMembers: dto.panelMembers ?? [],
        decidedAt,
        optionsConsidered: dto.optionsConsidered,
        childViews: this.childText.seal('best_interests_record.child_views', id, dto.childViews),
        recommendedMeasure: dto.recommendedMeasure ?? null,
        urgentMeasures: dto.urgentMeasures ?? [],
        documentReference: dto.documentReference ?? null,
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      if (dto.type === 'PLAN') {
        const next = statusOnPlanRecorded(record.procedureStatus as ProcedureStatus);
        if (next !== record.procedureStatus) await this.records.updateRecord(manager, caseId, { procedureStatus: next });
      }
      const actor = { kind: 'officer' as const, id: caller.principal.subject };
      await this.outbox.appendEvent(manager, bestInterestsRecordedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor,
        occurredAt: now,
        data: {
          recordType: dto.type,
          ...(dto.recommendedMeasure ? { recommendedMeasure: dto.recommendedMeasure } : {}),
          urgentMeasures: (dto.urgentMeasures ?? []).length,
          decidedAt: decidedAt.toISOString(),
        },
      });
      await this.effects.settle(manager, record, { actor });
      return this.views.viewIn(manager, caseId);
    });
  }
}
