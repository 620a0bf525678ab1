import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DOMAIN.md 4.1's IDENTIFYING, SCREENING and EXIT_ADULT_FLOW (issue 18). Identification and
 * screening are recorded steps (who, when; the screening's interpreter, LM-18); the stage is
 * derived from them, so `status` keeps its values for existing clients and gains only
 * EXIT_ADULT_FLOW, reached by a competent, documented age determination (GD-12, INV-10).
 */
export class IntakeChildFlow1765000000001 implements MigrationInterface {
  public readonly name = 'IntakeChildFlow1765000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE intake_case
        DROP CONSTRAINT intake_case_status_check,
        ADD CONSTRAINT intake_case_status_check CHECK (status IN ('OPEN', 'HANDED_OVER', 'CLOSED', 'EXIT_ADULT_FLOW')),
        ADD COLUMN identified_at timestamptz NULL,
        ADD COLUMN screened_at timestamptz NULL,
        ADD COLUMN exited_adult_flow_at timestamptz NULL,
        ADD CONSTRAINT intake_case_exit_adult_flow_ck CHECK ((status = 'EXIT_ADULT_FLOW') = (exited_adult_flow_at IS NOT NULL))`);
    await queryRunner.query(`
      CREATE TABLE case_identification (
        case_id uuid PRIMARY KEY REFERENCES intake_case (id),
        identified_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    // LM-18: a screening interview of a child who does not speak Spanish fully names its interpreter.
    await queryRunner.query(`
      CREATE TABLE case_screening (
        case_id uuid PRIMARY KEY REFERENCES intake_case (id),
        screened_at timestamptz NOT NULL,
        interpreter_name text NULL,
        interpreter_language char(3) NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT case_screening_interpreter_ck CHECK ((interpreter_name IS NULL) = (interpreter_language IS NULL))
      )`);
    // GD-12, DOMAIN.md 3.3: the deciding authority and the evidence, kept with the case it closed.
    await queryRunner.query(`
      CREATE TABLE age_determination (
        case_id uuid PRIMARY KEY REFERENCES intake_case (id),
        authority text NOT NULL CHECK (authority IN ('PROCURADURIA', 'CONSULATE', 'CIVIL_REGISTRY', 'JUDICIAL_AUTHORITY')),
        authority_office text NOT NULL,
        document_reference text NOT NULL,
        evidence text[] NOT NULL CHECK (cardinality(evidence) > 0),
        determined_at timestamptz NOT NULL,
        age_years int NOT NULL CHECK (age_years >= 18),
        age_status text NOT NULL CHECK (age_status IN ('DOCUMENTED', 'ESTIMATED')),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE age_determination`);
    await queryRunner.query(`DROP TABLE case_screening`);
    await queryRunner.query(`DROP TABLE case_identification`);
    await queryRunner.query(`
      ALTER TABLE intake_case
        DROP CONSTRAINT intake_case_exit_adult_flow_ck,
        DROP COLUMN exited_adult_flow_at,
        DROP COLUMN screened_at,
        DROP COLUMN identified_at,
        DROP CONSTRAINT intake_case_status_check,
        ADD CONSTRAINT intake_case_status_check CHECK (status IN ('OPEN', 'HANDED_OVER', 'CLOSED'))`);
  }
}
