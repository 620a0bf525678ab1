import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A consular contact (a notification, a tracing request through the consulate) is cleared like a
 * move (INV-06, RP-05, RLM-05): under the case's row lock, recorded and numbered among the case's
 * facts, so that it and a claim are totally ordered. The step vocabulary only grows.
 */
export class ConsularContactClearance1766000000007 implements MigrationInterface {
  public readonly name = 'ConsularContactClearance1766000000007';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE move_clearance
        DROP CONSTRAINT ck_move_clearance_step,
        ADD CONSTRAINT ck_move_clearance_step
          CHECK (step IN ('REUNIFICATION_ABROAD', 'RETURN_APPROVAL', 'RETURN_SCHEDULING', 'RETURN_DEPARTURE', 'RETURN_HANDOVER', 'CONSULAR_CONTACT'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM move_clearance WHERE step = 'CONSULAR_CONTACT'`);
    await queryRunner.query(`
      ALTER TABLE move_clearance
        DROP CONSTRAINT ck_move_clearance_step,
        ADD CONSTRAINT ck_move_clearance_step
          CHECK (step IN ('REUNIFICATION_ABROAD', 'RETURN_APPROVAL', 'RETURN_SCHEDULING', 'RETURN_DEPARTURE', 'RETURN_HANDOVER'))`);
  }
}
