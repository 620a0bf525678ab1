import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CaseCopyRepository } from '@opis/case-copy';
import { queryPrepared } from '@opis/platform';

import { LegalFacts } from '../plans/return-rules';

export interface CaseCopy {
  caseId: string;
  officeCode: string;
  entryPath: string;
  ageBand: string;
  sex: string;
  nationality: string;
  accompaniment: string;
  protectionNeedIndicated: boolean;
  /** Intake's screening: trafficking indicators (RP-09 adds its checklist to a return). */
  traffickingIndicated: boolean;
  /** When the case began (intake's detectedAt); null for copies kept before it was copied. */
  detectedAt: Date | null;
}

/** legal-status's migration procedure as its last `legal.procedure.changed` said. */
export interface ProcedureCopy {
  status: string;
  resolution: string | null;
  /** When legal-status resolved it (the event's occurredAt as it became RESOLVED); null: not resolved, or at a time not seen. */
  resolvedAt: Date | null;
}

export type MemberStatus = 'LOCATED' | 'VERIFIED' | 'FLAGGED';

export interface FamilyMemberCopy {
  contactId: string;
  relationship: string;
  status: MemberStatus;
  /** Where the person lives (ISO 3166-1 alpha-2), from `member.located`; null when not known (RP-06). */
  country: string | null;
}

const CASE_COLUMNS = `case_id AS "caseId", office_code AS "officeCode", entry_path AS "entryPath", age_band AS "ageBand", sex,
  nationality, accompaniment, protection_need_indicated AS "protectionNeedIndicated", trafficking_indicated AS "traffickingIndicated",
  detected_at AS "detectedAt"`;

/** The copies of other services' facts: the only code that touches case_copy, legal_copy and family_member_copy. */
@Injectable()
export class CopiesRepository {
  /** The case copy's columns every service's copy of intake's cases shares (@opis/case-copy). */
  public readonly copies = new CaseCopyRepository('case_copy');

  public async findCase(manager: EntityManager, caseId: string, options: { lock: boolean } = { lock: false }): Promise<CaseCopy | null> {
    const rows: CaseCopy[] = await manager.query(`SELECT ${CASE_COLUMNS} FROM case_copy WHERE case_id = $1 ${options.lock ? 'FOR UPDATE' : ''}`, [caseId]);
    return rows[0] ?? null;
  }

  /** False when the case has a copy already: a registration seen again (redelivery, replay) changes nothing. */
  public async insertCase(manager: EntityManager, copy: CaseCopy & { intakeCaseVersion: number }): Promise<boolean> {
    const rows = await queryPrepared(
      manager,
      `INSERT INTO case_copy (case_id, office_code, entry_path, age_band, sex, nationality, accompaniment, protection_need_indicated,
                              trafficking_indicated, intake_case_version, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [
        copy.caseId,
        copy.officeCode,
        copy.entryPath,
        copy.ageBand,
        copy.sex,
        copy.nationality,
        copy.accompaniment,
        copy.protectionNeedIndicated,
        copy.traffickingIndicated,
        copy.intakeCaseVersion,
        copy.detectedAt,
      ],
    );
    return rows.length > 0;
  }

  /** Intake's screening flags: a protection need holds a return until legal-status has spoken (INV-01); trafficking adds RP-09's checklist. */
  public async updateScreening(manager: EntityManager, caseId: string, screening: { protectionNeedIndicated: boolean; traffickingIndicated: boolean }): Promise<void> {
    await manager.query(`UPDATE case_copy SET protection_need_indicated = $2, trafficking_indicated = $3, updated_at = clock_timestamp() WHERE case_id = $1`, [
      caseId,
      screening.protectionNeedIndicated,
      screening.traffickingIndicated,
    ]);
  }

  public async findLegal(manager: EntityManager, caseId: string): Promise<LegalFacts | null> {
    const rows: LegalFacts[] = await manager.query(
      `SELECT return_locked AS "returnLocked", lock_reasons AS "lockReasons", lock_version AS "lockVersion", protection_status AS "protectionStatus",
              bi_recommends_return AS "biRecommendsReturn", return_informed_at AS "returnInformedAt",
              CASE WHEN procedure_version IS NULL THEN NULL
                   ELSE procedure_status = 'RESOLVED' AND procedure_resolution IS NOT DISTINCT FROM 'ASSISTED_RETURN_APPROVED' END AS "assistedReturnResolved",
              procedure_resolved_at AS "procedureResolvedAt"
         FROM legal_copy WHERE case_id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  /** Applies the lock only if it is newer (legal-status caseVersion) than the one held; true if applied. */
  public async applyLock(manager: EntityManager, caseId: string, version: number, lock: { returnLocked: boolean; reasons: string[]; biRecommendsReturn: boolean }): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO legal_copy (case_id, return_locked, lock_reasons, lock_version, bi_recommends_return, bi_version) VALUES ($1, $2, $3, $4, $5, $4)
       ON CONFLICT (case_id) DO UPDATE SET
         return_locked = CASE WHEN legal_copy.lock_version IS NULL OR legal_copy.lock_version < $4 THEN EXCLUDED.return_locked ELSE legal_copy.return_locked END,
         lock_reasons = CASE WHEN legal_copy.lock_version IS NULL OR legal_copy.lock_version < $4 THEN EXCLUDED.lock_reasons ELSE legal_copy.lock_reasons END,
         bi_recommends_return = CASE WHEN legal_copy.bi_version IS NULL OR legal_copy.bi_version < $4 THEN EXCLUDED.bi_recommends_return ELSE legal_copy.bi_recommends_return END,
         bi_version = GREATEST(legal_copy.bi_version, $4),
         lock_version = GREATEST(legal_copy.lock_version, $4),
         updated_at = clock_timestamp()
       RETURNING lock_version = $4 AS applied`,
      [caseId, lock.returnLocked, lock.reasons, version, lock.biRecommendsReturn],
    );
    return rows[0]?.applied === true;
  }

  public async applyProtection(manager: EntityManager, caseId: string, version: number, status: string): Promise<void> {
    await manager.query(
      `INSERT INTO legal_copy (case_id, protection_status, protection_version) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET
         protection_status = CASE WHEN legal_copy.protection_version IS NULL OR legal_copy.protection_version < $3 THEN EXCLUDED.protection_status ELSE legal_copy.protection_status END,
         protection_version = GREATEST(legal_copy.protection_version, $3),
         updated_at = clock_timestamp()`,
      [caseId, status, version],
    );
  }

  /**
   * Applies the procedure `next` makes of the one held (null: no procedure seen yet), only if it is
   * newer (legal-status caseVersion); says whether it was applied and what the copy held before.
   */
  public async applyProcedure(
    manager: EntityManager,
    caseId: string,
    version: number,
    next: (before: ProcedureCopy | null) => ProcedureCopy,
  ): Promise<{ applied: boolean; before: ProcedureCopy | null; now: ProcedureCopy }> {
    const held: Array<ProcedureCopy & { version: number | null }> = await manager.query(
      `SELECT procedure_status AS status, procedure_resolution AS resolution, procedure_resolved_at AS "resolvedAt", procedure_version AS version
         FROM legal_copy WHERE case_id = $1 FOR UPDATE`,
      [caseId],
    );
    const [row] = held;
    const before = row && row.version !== null ? { status: row.status, resolution: row.resolution, resolvedAt: row.resolvedAt } : null;
    const procedure = next(before);
    if (row && row.version !== null && row.version >= version) return { applied: false, before, now: procedure };
    await manager.query(
      `INSERT INTO legal_copy (case_id, procedure_status, procedure_resolution, procedure_resolved_at, procedure_version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id) DO UPDATE SET
         procedure_status = EXCLUDED.procedure_status,
         procedure_resolution = EXCLUDED.procedure_resolution,
         procedure_resolved_at = EXCLUDED.procedure_resolved_at,
         procedure_version = EXCLUDED.procedure_version,
         updated_at = clock_timestamp()`,
      [caseId, procedure.status, procedure.resolution, procedure.resolvedAt, version],
    );
    return { applied: true, before, now: procedure };
  }

  public async applyBestInterests(manager: EntityManager, caseId: string, version: number, recommendsReturn: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO legal_copy (case_id, bi_recommends_return, bi_version) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET
         bi_recommends_return = CASE WHEN legal_copy.bi_version IS NULL OR legal_copy.bi_version < $3 THEN EXCLUDED.bi_recommends_return ELSE legal_copy.bi_recommends_return END,
         bi_version = GREATEST(legal_copy.bi_version, $3),
         updated_at = clock_timestamp()`,
      [caseId, recommendsReturn, version],
    );
  }

  public async applyReturnInformed(manager: EntityManager, caseId: string, heldAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO legal_copy (case_id, return_informed_at) VALUES ($1, $2)
       ON CONFLICT (case_id) DO UPDATE SET return_informed_at = GREATEST(legal_copy.return_informed_at, EXCLUDED.return_informed_at), updated_at = clock_timestamp()`,
      [caseId, heldAt],
    );
  }

  /**
   * Located < verified < flagged: the highest wins whatever the arrival order; a flag is never
   * undone here. The country comes with `member.located` only; the later events keep it.
   */
  public async applyMember(manager: EntityManager, caseId: string, member: FamilyMemberCopy): Promise<void> {
    await manager.query(
      `INSERT INTO family_member_copy (case_id, contact_id, relationship, status, country) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id, contact_id) DO UPDATE SET
         status = CASE WHEN array_position(ARRAY['LOCATED','VERIFIED','FLAGGED'], EXCLUDED.status) > array_position(ARRAY['LOCATED','VERIFIED','FLAGGED'], family_member_copy.status)
                       THEN EXCLUDED.status ELSE family_member_copy.status END,
         relationship = EXCLUDED.relationship,
         country = COALESCE(EXCLUDED.country, family_member_copy.country),
         updated_at = clock_timestamp()`,
      [caseId, member.contactId, member.relationship, member.status, member.country],
    );
  }

  public async findMembers(manager: EntityManager, caseId: string): Promise<FamilyMemberCopy[]> {
    return manager.query(
      `SELECT contact_id AS "contactId", relationship, status, country FROM family_member_copy WHERE case_id = $1 ORDER BY updated_at, contact_id`,
      [caseId],
    );
  }
}
