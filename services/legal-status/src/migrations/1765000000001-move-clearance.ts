import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every clearance to move a child (INV-01, GD-08), given or refused, as legal-status decided it
 * under the case's row lock: with the case's version at that moment, it orders clearances and
 * lock changes (a claim, fear of return) for audit and for the race tests.
 */
export class MoveClearance1765000000001 implements MigrationInterface {
  public readonly name = 'MoveClearance1765000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE move_clearance (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        step text NOT NULL,
        move_ref text NOT NULL,
        cleared boolean NOT NULL,
        reasons text[] NOT NULL,
        case_version bigint NOT NULL,
        asked_by text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT pk_move_clearance PRIMARY KEY (id),
        CONSTRAINT fk_move_clearance_record FOREIGN KEY (case_id) REFERENCES legal_record (case_id),
        CONSTRAINT ck_move_clearance_step CHECK (step IN ('REUNIFICATION_ABROAD', 'RETURN_APPROVAL', 'RETURN_SCHEDULING', 'RETURN_DEPARTURE', 'RETURN_HANDOVER'))
      )`);
    await queryRunner.query(`CREATE INDEX ix_move_clearance_case ON move_clearance (case_id, decided_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE move_clearance`);
  }
}
