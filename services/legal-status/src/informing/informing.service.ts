import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { childInformedV1, EXPLANATION_AGE_BANDS, ExplanationAgeBand, INFORM_TOPICS, InformTopic } from '@opis/contracts-legal-status';
import { OutboxWriter } from '@opis/messaging';
import { AuditTrail, decodeKeyCursor, DEFAULT_PAGE_SIZE, InvalidInputError, keyPage, Page } from '@opis/platform';

import { LegalErrorCode, LegalRuleViolation } from '../legal.exception';
import { LegalEffects } from '../lock/legal-effects.service';
import { assertRecordedTime } from '../procedure/procedure.service';
import { ChildTextCipher } from '../records/child-text.cipher';
import { Caller, LegalAccess } from '../records/legal-access.service';
import { LegalRecordViews } from '../records/legal-record-views.service';
import { LegalRecordRepository } from '../records/legal-record.repository';
import { LegalRecordView } from '../records/legal-record.view';
import { ExplanationQuery, ISO_639_3, PutExplanationDto, RecordSessionDto } from './informing.dto';
import { InformingRepository } from './informing.repository';

export interface ExplanationView {
  topic: InformTopic;
  ageBand: ExplanationAgeBand;
  /** ISO 639-3 code of the language. */
  lang: string;
  title: string;
  body: string;
  updatedAt: string;
}

/**
 * A page of explanation texts: the one list shape, Page<ExplanationView> (docs/api.md), named so
 * that the response-schema generator gives it a component of its own.
 */
export interface ExplanationPage extends Page<ExplanationView> {
  /** In topic, age band and language order. */
  items: ExplanationView[];
}

/** LM-18, INF-03: an interpreter whenever the child does not fully speak Spanish or is told in another language. */
export function assertInterpreter(speaksSpanish: string, language: string, interpreterId: string | undefined): void {
  if ((speaksSpanish !== 'YES' || language !== 'spa') && !interpreterId) {
    throw new LegalRuleViolation(
      LegalErrorCode.INTERPRETER_REQUIRED,
      'The child does not fully speak Spanish (or is told in another language): a session counts only with a free interpreter.',
      'LM-18',
      [{ field: 'interpreterId', rule: 'required', message: 'interpreterId is required unless the child speaks Spanish and is told in Spanish' }],
    );
  }
}

/** Informing and hearing the child (LM-16, INF-01..04, INV-11), and the texts officers read out. */
@Injectable()
export class InformingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: LegalRecordRepository,
    private readonly informing: InformingRepository,
    private readonly access: LegalAccess,
    private readonly effects: LegalEffects,
    private readonly views: LegalRecordViews,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly childText: ChildTextCipher,
  ) {}

  public async recordSession(caller: Caller, caseId: string, dto: RecordSessionDto): Promise<LegalRecordView> {
    return this.access.change(caller, 'information-session.record', caseId, async (manager, record) => {
      const heldAt = new Date(dto.heldAt);
      assertRecordedTime(heldAt, 'heldAt', record);
      assertInterpreter(record.speaksSpanish, dto.language, dto.interpreterId);
      const id = uuidv7();
      const now = new Date();
      await this.informing.insertSession(manager, {
        id,
        caseId,
        topic: dto.topic,
        heldAt,
        language: dto.language,
        interpreterId: dto.interpreterId ?? null,
        materialUsed: dto.materialUsed,
        understanding: this.childText.seal('information_session.understanding', id, dto.understanding),
        childViews: this.childText.sealOptional('information_session.child_views', id, dto.childViews),
        fearOfReturnExpressed: dto.fearOfReturnExpressed === true,
        durationMinutes: dto.durationMinutes ?? null,
        personsPresent: dto.personsPresent.map((present) => ({ role: present.role, person: present.person })),
        accessibilityAdaptations: [...new Set(dto.accessibilityAdaptations)],
        hearingAppropriate: dto.hearingAppropriate,
        hearingAppropriatenessReason: this.childText.seal('information_session.hearing_appropriateness_reason', id, dto.hearingAppropriatenessReason),
        recordedBy: caller.principal.subject,
        recordedAt: now,
      });
      const discharged = await this.informing.dischargeDuties(manager, caseId, dto.topic, id, now);
      if (dto.fearOfReturnExpressed && !record.fearOfReturnAt) await this.records.updateRecord(manager, caseId, { fearOfReturnAt: heldAt });
      const actor = { kind: 'officer' as const, id: caller.principal.subject };
      await this.outbox.appendEvent(manager, childInformedV1, {
        caseId,
        officeCode: record.officeCode as OfficeCode,
        actor,
        occurredAt: now,
        data: {
          topic: dto.topic,
          language: dto.language,
          interpreterUsed: Boolean(dto.interpreterId),
          heldAt: heldAt.toISOString(),
          dutiesDischarged: discharged,
          hearingAppropriate: dto.hearingAppropriate,
        },
      });
      await this.effects.settle(manager, record, { actor });
      return this.views.viewIn(manager, caseId);
    });
  }

  /** A page of the texts, in topic, age band and language order; the cursor is the last key. */
  public async explanations(query: ExplanationQuery): Promise<ExplanationPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // The texts have no time and id to page on, but a key of three codes: the cursor is that key.
    const after = query.cursor === undefined ? undefined : decodeKeyCursor(query.cursor, [INFORM_TOPICS, EXPLANATION_AGE_BANDS, ISO_639_3]);
    const texts = await this.informing.findExplanations(
      this.dataSource.manager,
      { topic: query.topic, ageBand: query.ageBand, language: query.lang },
      { limit: limit + 1, after: after && { topic: after[0] as InformTopic, ageBand: after[1] as ExplanationAgeBand, language: after[2] } },
    );
    const views: ExplanationView[] = texts.map((text) => ({
      topic: text.topic as InformTopic,
      ageBand: text.ageBand as ExplanationAgeBand,
      lang: text.language,
      title: text.title,
      body: text.body,
      updatedAt: text.updatedAt.toISOString(),
    }));
    return keyPage(views, limit, (view) => [view.topic, view.ageBand, view.lang]);
  }

  /** Adds or replaces one text (a new language, a better wording); audited without a case, with the request id and source. */
  public async putExplanation(caller: Caller, topic: string, ageBand: string, lang: string, dto: PutExplanationDto): Promise<ExplanationView> {
    const { principal } = caller;
    const violations = [
      ...((INFORM_TOPICS as readonly string[]).includes(topic) ? [] : [{ field: 'topic', rule: 'isIn', message: `topic must be one of ${INFORM_TOPICS.join(', ')}` }]),
      ...((EXPLANATION_AGE_BANDS as readonly string[]).includes(ageBand)
        ? []
        : [{ field: 'ageBand', rule: 'isIn', message: `ageBand must be one of ${EXPLANATION_AGE_BANDS.join(', ')}` }]),
      ...(ISO_639_3.test(lang) ? [] : [{ field: 'lang', rule: 'matches', message: 'lang must be an ISO 639-3 code' }]),
    ];
    if (violations.length > 0) {
      // A refused change of national reference data is audited like an allowed one.
      await this.audit.record({ actor: principal, action: 'explanation.put', outcome: 'refused', reason: 'VALIDATION_FAILED', ...caller.meta });
      throw new InvalidInputError(violations);
    }
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      await this.informing.upsertExplanation(manager, {
        topic: topic as InformTopic,
        ageBand: ageBand as ExplanationAgeBand,
        language: lang,
        title: dto.title,
        body: dto.body,
        updatedBy: principal.subject,
        updatedAt: now,
      });
      await this.audit.record({ actor: principal, action: 'explanation.put', outcome: 'allowed', ...caller.meta }, manager);
    });
    return { topic: topic as InformTopic, ageBand: ageBand as ExplanationAgeBand, lang, title: dto.title, body: dto.body, updatedAt: now.toISOString() };
  }
}
