import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The copy of legal-status's migration procedure (`legal.procedure.changed`), with the
 * legal-status caseVersion it came from: a return plan stands only on a PAM resolved as
 * ASSISTED_RETURN_APPROVED (LM-06, DOMAIN.md 4.5 a), and a procedure that leaves that resolution
 * aborts the case's open plans. NULL: no procedure event seen for the case yet.
 */
export class RepatriationProcedureCopy1765000000001 implements MigrationInterface {
  public readonly name = 'RepatriationProcedureCopy1765000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE legal_copy ADD COLUMN procedure_status text NULL`);
    await queryRunner.query(`ALTER TABLE legal_copy ADD COLUMN procedure_resolution text NULL`);
    await queryRunner.query(`ALTER TABLE legal_copy ADD COLUMN procedure_version integer NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE legal_copy DROP COLUMN procedure_version`);
    await queryRunner.query(`ALTER TABLE legal_copy DROP COLUMN procedure_resolution`);
    await queryRunner.query(`ALTER TABLE legal_copy DROP COLUMN procedure_status`);
  }
}
