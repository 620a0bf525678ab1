import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { KeysetPosition, queryPrepared, SqlWrite } from '@opis/platform';

import { Disclosure } from './duplicate-disclosure';

export interface InquiryRow {
  id: string;
  case_id: string;
  candidate_case_id: string;
  asking_office: string;
  asked_office: string;
  asked_by: string;
  reason: string;
  asked_at: Date;
  answered_by: string | null;
  answered_at: Date | null;
  shared: boolean | null;
  answer_note: string | null;
  asking_case_number: string;
  candidate_case_number: string;
  score: number;
}

export interface CandidateDetails {
  case_id: string;
  case_number: string;
  office_code: string;
  registered_at: Date;
  given_names: string;
  family_names: string;
  date_of_birth: string | null;
  sex: string;
  nationality: string;
}

const INQUIRY_COLUMNS = `i.id, i.case_id, i.candidate_case_id, i.asking_office, i.asked_office, i.asked_by, i.reason, i.asked_at,
  i.answered_by, i.answered_at, i.shared, i.answer_note, a.case_number AS asking_case_number, c.case_number AS candidate_case_number, d.score`;
const INQUIRY_FROM = `duplicate_inquiry i
  JOIN intake_case a ON a.id = i.case_id
  JOIN intake_case c ON c.id = i.candidate_case_id
  JOIN duplicate_disclosure d ON d.case_id = i.case_id AND d.candidate_case_id = i.candidate_case_id`;

@Injectable()
export class DuplicateInquiryRepository {
  /** The disclosures of a registration, written with it (`writeAtomically`). */
  public disclosuresWrite(caseId: string, disclosures: readonly Disclosure[], at: Date): SqlWrite {
    return {
      sql: `INSERT INTO duplicate_disclosure (case_id, candidate_case_id, score, disclosed_at)
            SELECT $1::uuid, d.candidate, d.score, $4::timestamptz FROM unnest($2::uuid[], $3::real[]) AS d(candidate, score)`,
      params: [caseId, disclosures.map((d) => d.candidateCaseId), disclosures.map((d) => d.score), at],
    };
  }

  /** The record disclosed to `caseId` under `candidateCaseNumber`, with its office now; null if none was. */
  public async disclosed(manager: EntityManager, caseId: string, candidateCaseNumber: string): Promise<{ candidateCaseId: string; officeCode: string } | null> {
    const rows: Array<{ id: string; office_code: string }> = await queryPrepared(
      manager,
      `SELECT c.id, c.office_code FROM duplicate_disclosure d JOIN intake_case c ON c.id = d.candidate_case_id
        WHERE d.case_id = $1 AND c.case_number = $2`,
      [caseId, candidateCaseNumber],
    );
    return rows[0] ? { candidateCaseId: rows[0].id, officeCode: rows[0].office_code } : null;
  }

  public async insert(manager: EntityManager, row: Pick<InquiryRow, 'id' | 'case_id' | 'candidate_case_id' | 'asking_office' | 'asked_office' | 'asked_by' | 'reason' | 'asked_at'>): Promise<void> {
    await manager.query(
      `INSERT INTO duplicate_inquiry (id, case_id, candidate_case_id, asking_office, asked_office, asked_by, reason, asked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.case_id, row.candidate_case_id, row.asking_office, row.asked_office, row.asked_by, row.reason, row.asked_at],
    );
  }

  public async find(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<InquiryRow | null> {
    const rows: InquiryRow[] = await manager.query(
      `SELECT ${INQUIRY_COLUMNS} FROM ${INQUIRY_FROM} WHERE i.id = $1 ${options.lock ? 'FOR UPDATE OF i' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Newest first: inquiries received by `offices` (asked of them) or sent by them. */
  public async page(
    manager: EntityManager,
    where: { direction: 'received' | 'sent'; offices: readonly string[]; after?: KeysetPosition; limit: number },
  ): Promise<InquiryRow[]> {
    const office = where.direction === 'received' ? 'i.asked_office' : 'i.asking_office';
    return manager.query(
      `SELECT ${INQUIRY_COLUMNS} FROM ${INQUIRY_FROM}
        WHERE ${office} = ANY($1::text[]) AND ($2::timestamptz IS NULL OR (i.asked_at, i.id) < ($2::timestamptz, $3::uuid))
        ORDER BY i.asked_at DESC, i.id DESC LIMIT $4`,
      [where.offices, where.after?.at ?? null, where.after?.id ?? null, where.limit],
    );
  }

  public async answer(manager: EntityManager, id: string, answer: { by: string; at: Date; shared: boolean; note: string | null }): Promise<void> {
    await manager.query(`UPDATE duplicate_inquiry SET answered_by = $2, answered_at = $3, shared = $4, answer_note = $5 WHERE id = $1`, [
      id,
      answer.by,
      answer.at,
      answer.shared,
      answer.note,
    ]);
  }

  public async candidate(manager: EntityManager, caseId: string): Promise<CandidateDetails> {
    const [row] = await manager.query(
      `SELECT c.id AS case_id, c.case_number, c.office_code, c.registered_at, p.given_names, p.family_names,
              to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.sex, p.nationality
         FROM intake_case c JOIN person p ON p.id = c.person_id WHERE c.id = $1`,
      [caseId],
    );
    return row as CandidateDetails;
  }
}
