import { DataSource } from 'typeorm';

import { createTestDatabase, TestDatabase } from '@opis/testing';

import { CaseCopyRepository } from '../../src';

describe('CaseCopyRepository on a real Postgres', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';
  const repository = new CaseCopyRepository('some_copy');

  beforeAll(async () => {
    db = await createTestDatabase('case_copy_repository');
    dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 2 } }).initialize();
    // The common columns as the services' tables have them, and a column of the service's own.
    await dataSource.query(`
      CREATE TABLE some_copy (
        case_id uuid PRIMARY KEY, office_code char(3) NOT NULL, age_band text NOT NULL, sex char(1) NOT NULL,
        nationality char(2) NOT NULL, accompaniment text NOT NULL, intake_case_version integer NOT NULL,
        own_column text NOT NULL, updated_at timestamptz NOT NULL DEFAULT '2000-01-01')`);
    await dataSource.query(`INSERT INTO some_copy VALUES ($1, 'CHP', '12-17', 'F', 'GT', 'UNACCOMPANIED', 1, 'kept')`, [caseId]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('reads and writes the common columns only, and stamps the change', async () => {
    expect(await repository.find(dataSource.manager, '0190f5c2-7d2a-7b3c-9d4e-000000000000')).toBeNull();
    const copy = await dataSource.transaction((manager) => repository.find(manager, caseId));
    expect(copy).toEqual({ caseId, officeCode: 'CHP', ageBand: '12-17', sex: 'F', nationality: 'GT', accompaniment: 'UNACCOMPANIED', intakeCaseVersion: 1 });

    await dataSource.transaction((manager) =>
      repository.save(manager, { caseId, officeCode: 'TAB', ageBand: '0-11', sex: 'M', nationality: 'HN', accompaniment: 'SEPARATED', intakeCaseVersion: 4 }),
    );
    expect(await dataSource.query(`SELECT office_code, age_band, sex, nationality, accompaniment, intake_case_version, own_column, updated_at > '2000-01-01' AS stamped FROM some_copy`)).toEqual([
      { office_code: 'TAB', age_band: '0-11', sex: 'M', nationality: 'HN', accompaniment: 'SEPARATED', intake_case_version: 4, own_column: 'kept', stamped: true },
    ]);
  });

  it('locks the copy for the transaction that read it', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await repository.find(runner.manager, caseId);
      const blocked = await dataSource.query(`SELECT 1 FROM some_copy WHERE case_id = $1 FOR UPDATE NOWAIT`, [caseId]).then(
        () => false,
        (error: { driverError?: { code?: string } }) => error.driverError?.code === '55P03',
      );
      expect(blocked).toBe(true);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('refuses a table name that is not a plain identifier', () => {
    expect(() => new CaseCopyRepository('care_record; DROP TABLE x')).toThrow('invalid case copy table name');
  });
});
