import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A consular contact is cleared by legal-status like a move (INV-06, RP-05, RLM-05): each contact
 * keeps the clearance that allowed it and legal-status's case version at that moment, and the copy
 * of legal-status's lock keeps its event's version, so that a lock published after the clearance
 * is told apart by legal-status's own numbering rather than by its clock. Rows from before stay null.
 */
export class FamilyConsularClearance1765000000004 implements MigrationInterface {
  public readonly name = 'FamilyConsularClearance1765000000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE legal_lock_copy ADD COLUMN case_version integer NULL`);
    await queryRunner.query(`ALTER TABLE consular_notification ADD COLUMN legal_clearance_id uuid NULL, ADD COLUMN legal_case_version integer NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE consular_notification DROP COLUMN legal_clearance_id, DROP COLUMN legal_case_version`);
    await queryRunner.query(`ALTER TABLE legal_lock_copy DROP COLUMN case_version`);
  }
}
