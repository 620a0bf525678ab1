import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fear of return and protection needs that other services heard (a care incident, a family risk
 * flag, an aborted return: issue 18, INV-01, GD-08), one row per source event: what was reported,
 * by whom, and what legal-status made of it. A concern about a case whose record is not open yet
 * waits here (applied_at NULL) and is applied when the record opens.
 * The record also keeps why its procedure was sent back to re-plan after an aborted return.
 */
export class ProtectionConcerns1766000000000 implements MigrationInterface {
  public readonly name = 'ProtectionConcerns1766000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE protection_concern (
        event_id uuid NOT NULL,
        case_id uuid NOT NULL,
        source_service text NOT NULL,
        source_event_type text NOT NULL,
        reported_by text NOT NULL,
        concern text NULL,
        return_aborted boolean NOT NULL,
        reported_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        applied_at timestamptz NULL,
        outcomes text[] NULL,
        CONSTRAINT pk_protection_concern PRIMARY KEY (event_id),
        CONSTRAINT ck_protection_concern_concern CHECK (concern IS NULL OR concern IN ('FEAR_OF_RETURN', 'PROTECTION_NEED')),
        CONSTRAINT ck_protection_concern_applied CHECK ((applied_at IS NULL) = (outcomes IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ix_protection_concern_case ON protection_concern (case_id, received_at)`);
    await queryRunner.query(`CREATE INDEX ix_protection_concern_waiting ON protection_concern (case_id) WHERE applied_at IS NULL`);
    await queryRunner.query(`ALTER TABLE legal_record ADD COLUMN procedure_reopened_at timestamptz NULL, ADD COLUMN procedure_reopen_cause text NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE legal_record DROP COLUMN procedure_reopened_at, DROP COLUMN procedure_reopen_cause`);
    await queryRunner.query(`DROP TABLE protection_concern`);
  }
}
