import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import {
  AuditTrail,
  Caller,
  decodeKeysetCursor,
  DEFAULT_PAGE_SIZE,
  DomainError,
  encodeKeysetCursor,
  ErrorKind,
  Page,
  ResourceNotFoundError,
  visibleOffices,
} from '@opis/platform';

import { CaseConflict, CaseErrorCode } from '../cases/case.exception';
import { IntakeConfig } from '../intake.config';
import { AnswerDuplicateInquiryDto, AskDuplicateInquiryDto, DuplicateInquiryQuery } from './duplicate-inquiry.dto';
import { CandidateDetails, DuplicateInquiryRepository, InquiryRow } from './duplicate-inquiry.repository';

/** The identity the other office shared: only to the office that asked, and only once shared. */
export interface SharedCandidate {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  registeredAt: string;
  givenNames: string;
  familyNames: string;
  dateOfBirth: string | null;
  sex: string;
  nationality: string;
}

export interface DuplicateInquiryView {
  inquiryId: string;
  status: 'OPEN' | 'SHARED' | 'DECLINED';
  askingOffice: string;
  askingCaseNumber: string;
  /** Who asked (the officer's pseudonymous id), and why. */
  askedBy: string;
  reason: string;
  askedAt: string;
  askedOffice: string;
  candidateCaseNumber: string;
  score: number;
  answeredBy: string | null;
  answeredAt: string | null;
  answerNote: string | null;
  candidate: SharedCandidate | null;
}

const INQUIRY = 'duplicate inquiry';

/**
 * Issue 21's national view: an officer shown a possible duplicate in another office asks that
 * office for its details, saying why; the other office sees who asked and why, and shares or not.
 * Every step is audited on both cases, so each office's auditor sees it.
 */
@Injectable()
export class DuplicateInquiryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inquiries: DuplicateInquiryRepository,
    private readonly audit: AuditTrail,
    private readonly config: IntakeConfig,
  ) {}

  private officesOf(caller: Caller): OfficeCode[] {
    return visibleOffices(caller.principal, this.config.OFFICES);
  }

  public async ask(caller: Caller, dto: AskDuplicateInquiryDto): Promise<DuplicateInquiryView> {
    return this.audit.refusalsRecorded(caller, 'duplicate-inquiry.ask', async () => {
      const manager = this.dataSource.manager;
      const [asking] = (await manager.query(`SELECT office_code FROM intake_case WHERE id = $1`, [dto.caseId])) as Array<{ office_code: OfficeCode }>;
      if (!asking || !this.officesOf(caller).includes(asking.office_code)) throw new ResourceNotFoundError('case');
      // Only a record shown to this case can be asked about: an unknown number and an undisclosed one answer alike.
      const disclosed = await this.inquiries.disclosed(manager, dto.caseId, dto.candidateCaseNumber);
      if (!disclosed) throw new ResourceNotFoundError('possible duplicate');
      const id = uuidv7();
      await this.dataSource.transaction(async (tx) => {
        await this.inquiries.insert(tx, {
          id,
          case_id: dto.caseId,
          candidate_case_id: disclosed.candidateCaseId,
          asking_office: asking.office_code,
          asked_office: disclosed.officeCode,
          asked_by: caller.principal.subject,
          reason: dto.reason.trim(),
          asked_at: new Date(),
        });
        await this.recordBothSides(caller, 'duplicate-inquiry.ask', dto.caseId, asking.office_code, disclosed.candidateCaseId, disclosed.officeCode as OfficeCode, tx);
      });
      return this.view((await this.inquiries.find(manager, id)) as InquiryRow, null);
    });
  }

  public async list(caller: Caller, query: DuplicateInquiryQuery): Promise<Page<DuplicateInquiryView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor);
    const rows = await this.inquiries.page(this.dataSource.manager, { direction: query.direction ?? 'received', offices: this.officesOf(caller), after, limit: limit + 1 });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => this.view(row, null)),
      nextCursor: last && rows.length > limit ? encodeKeysetCursor({ at: last.asked_at, id: last.id }) : null,
    };
  }

  /** One inquiry to either office; to the one that asked, with the identity once it was shared (audited). */
  public async get(caller: Caller, inquiryId: string): Promise<DuplicateInquiryView> {
    const row = await this.visible(caller, inquiryId);
    const offices = this.officesOf(caller);
    if (!row.shared || !offices.includes(row.asking_office as OfficeCode)) return this.view(row, null);
    const candidate = await this.inquiries.candidate(this.dataSource.manager, row.candidate_case_id);
    await this.recordBothSides(caller, 'duplicate-inquiry.read', row.case_id, row.asking_office as OfficeCode, row.candidate_case_id, row.asked_office as OfficeCode);
    return this.view(row, candidate);
  }

  public async answer(caller: Caller, inquiryId: string, dto: AnswerDuplicateInquiryDto): Promise<DuplicateInquiryView> {
    return this.audit.refusalsRecorded(caller, 'duplicate-inquiry.answer', async () => {
      await this.dataSource.transaction(async (tx) => {
        const row = await this.visible(caller, inquiryId, tx);
        if (!this.officesOf(caller).includes(row.asked_office as OfficeCode)) {
          throw new DomainError({
            code: CaseErrorCode.OFFICE_NOT_ALLOWED,
            kind: ErrorKind.FORBIDDEN,
            detail: `Only office ${row.asked_office}, which was asked, answers the inquiry.`,
            violations: [{ field: 'inquiryId', rule: 'officeScope', message: 'the inquiry was asked of another office' }],
          });
        }
        if (row.answered_at) throw new CaseConflict(CaseErrorCode.INQUIRY_ANSWERED, `The inquiry was answered at ${row.answered_at.toISOString()}.`);
        await this.inquiries.answer(tx, inquiryId, { by: caller.principal.subject, at: new Date(), shared: dto.share, note: dto.note?.trim() ?? null });
        await this.recordBothSides(caller, 'duplicate-inquiry.answer', row.case_id, row.asking_office as OfficeCode, row.candidate_case_id, row.asked_office as OfficeCode, tx);
      });
      return this.view((await this.inquiries.find(this.dataSource.manager, inquiryId)) as InquiryRow, null);
    });
  }

  /** The inquiry if the caller sees either office; otherwise answered as an unknown one. */
  private async visible(caller: Caller, inquiryId: string, manager = this.dataSource.manager): Promise<InquiryRow> {
    const row = await this.inquiries.find(manager, inquiryId, { lock: manager !== this.dataSource.manager });
    const offices = this.officesOf(caller);
    if (!row || !(offices.includes(row.asking_office as OfficeCode) || offices.includes(row.asked_office as OfficeCode))) {
      throw new ResourceNotFoundError(INQUIRY);
    }
    return row;
  }

  private async recordBothSides(
    caller: Caller,
    action: string,
    askingCaseId: string,
    askingOffice: OfficeCode,
    candidateCaseId: string,
    askedOffice: OfficeCode,
    manager = this.dataSource.manager,
  ): Promise<void> {
    await this.audit.recordMany(
      [
        { actor: caller.principal, action, caseId: askingCaseId, officeCode: askingOffice, outcome: 'allowed', ...caller.meta },
        { actor: caller.principal, action, caseId: candidateCaseId, officeCode: askedOffice, outcome: 'allowed', ...caller.meta },
      ],
      manager,
    );
  }

  private view(row: InquiryRow, candidate: CandidateDetails | null): DuplicateInquiryView {
    return {
      inquiryId: row.id,
      status: row.shared === null ? 'OPEN' : row.shared ? 'SHARED' : 'DECLINED',
      askingOffice: row.asking_office,
      askingCaseNumber: row.asking_case_number,
      askedBy: row.asked_by,
      reason: row.reason,
      askedAt: row.asked_at.toISOString(),
      askedOffice: row.asked_office,
      candidateCaseNumber: row.candidate_case_number,
      score: Number(row.score),
      answeredBy: row.answered_by,
      answeredAt: row.answered_at?.toISOString() ?? null,
      answerNote: row.answer_note,
      candidate: candidate && {
        caseId: candidate.case_id,
        caseNumber: candidate.case_number,
        officeCode: candidate.office_code,
        registeredAt: candidate.registered_at.toISOString(),
        givenNames: candidate.given_names,
        familyNames: candidate.family_names,
        dateOfBirth: candidate.date_of_birth,
        sex: candidate.sex,
        nationality: candidate.nationality,
      },
    };
  }
}
