import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { KeysetPosition } from '@opis/platform';

export interface OverrideRow {
  caseId: string;
  caseNumber: string;
  officeCode: string;
  resolution: string;
  resolvedAt: Date;
  overriddenBy: string;
  overrideReason: string | null;
}

/** The migration procedures a supervisor resolved against the plan's measure (LM-06), newest first. */
@Injectable()
export class OverrideRepository {
  public async page(manager: EntityManager, offices: readonly OfficeCode[], after: KeysetPosition | undefined, limit: number): Promise<OverrideRow[]> {
    return manager.query(
      `SELECT case_id AS "caseId", case_number AS "caseNumber", office_code AS "officeCode", procedure_resolution AS "resolution",
              procedure_resolved_at AS "resolvedAt", procedure_override_by AS "overriddenBy", procedure_override_reason AS "overrideReason"
         FROM legal_record
        WHERE procedure_override_by IS NOT NULL AND procedure_resolved_at IS NOT NULL AND office_code = ANY($1::text[])
          AND ($2::timestamptz IS NULL OR (procedure_resolved_at, case_id) < ($2::timestamptz, $3::uuid))
        ORDER BY procedure_resolved_at DESC, case_id DESC
        LIMIT $4`,
      [offices, after?.at ?? null, after?.id ?? null, limit],
    );
  }
}
