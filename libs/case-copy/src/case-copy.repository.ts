import { EntityManager } from 'typeorm';

import { queryPrepared } from '@opis/platform';

import { CaseCopy } from './case-copy';

/** Where the projector reads and writes a copy's common columns. */
export interface CaseCopyStore {
  /** The copy's common columns, locked until the transaction ends; null before its registration. */
  find(manager: EntityManager, caseId: string): Promise<CaseCopy | null>;
  /** Writes the common columns and the version of the event just applied. */
  save(manager: EntityManager, copy: CaseCopy): Promise<void>;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The common columns (CaseCopy) of one service's copy table. A service's own repository holds
 * one for its table, and writes its own columns and rows itself.
 */
export class CaseCopyRepository implements CaseCopyStore {
  private readonly findSql: string;
  private readonly saveSql: string;

  constructor(public readonly table: string) {
    // Interpolated into SQL: a table name of the service's code, never input.
    if (!TABLE_NAME.test(table)) throw new Error(`invalid case copy table name "${table}"`);
    this.findSql = `SELECT case_id AS "caseId", office_code AS "officeCode", age_band AS "ageBand", sex, nationality,
        accompaniment, intake_case_version AS "intakeCaseVersion"
       FROM ${table} WHERE case_id = $1 FOR UPDATE`;
    this.saveSql = `UPDATE ${table}
        SET office_code = $2, age_band = $3, sex = $4, nationality = $5, accompaniment = $6, intake_case_version = $7,
            updated_at = clock_timestamp()
      WHERE case_id = $1`;
  }

  public async find(manager: EntityManager, caseId: string): Promise<CaseCopy | null> {
    const [row] = await queryPrepared<CaseCopy & Record<string, unknown>>(manager, this.findSql, [caseId]);
    return row ? { ...row, intakeCaseVersion: Number(row.intakeCaseVersion) } : null;
  }

  public async save(manager: EntityManager, copy: CaseCopy): Promise<void> {
    await queryPrepared(manager, this.saveSql, [
      copy.caseId,
      copy.officeCode,
      copy.ageBand,
      copy.sex,
      copy.nationality,
      copy.accompaniment,
      copy.intakeCaseVersion,
    ]);
  }
}
