import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeSchema1764470000000 implements MigrationInterface {
  public readonly name = 'IntakeSchema1764470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY,
        given_names text NOT NULL,
        family_names text NOT NULL,
        search_name text NOT NULL,
        sex char(1) NOT NULL CHECK (sex IN ('F', 'M', 'X')),
        date_of_birth date NULL,
        nationality char(2) NOT NULL,
        country_of_residence char(2) NOT NULL,
        languages text[] NOT NULL,
        speaks_spanish text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // GiST, not GIN: it answers nearest-neighbour (`<->` with LIMIT) in bounded time even when
    // many children share a name, and serves `%` and LIKE for the name search too.
    await queryRunner.query(
      `CREATE INDEX person_search_name_trgm_idx ON person USING gist (search_name gist_trgm_ops)`,
    );
    // LM-10, INV-04: no custodial state ("presentado", "detenido") can ever be stored.
    await queryRunner.query(`
      CREATE TABLE intake_case (
        id uuid PRIMARY KEY,
        case_number text NOT NULL CONSTRAINT intake_case_number_uq UNIQUE,
        person_id uuid NOT NULL CONSTRAINT intake_case_person_fk REFERENCES person (id),
        office_code char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'HANDED_OVER', 'CLOSED')),
        age_years int NOT NULL,
        age_status text NOT NULL,
        age_candidates int[] NOT NULL DEFAULT '{}',
        age_for_rules int NOT NULL CHECK (age_for_rules < 18),
        age_band text NOT NULL CHECK (age_band IN ('0-11', '12-17')),
        migration_point text NOT NULL,
        detected_at timestamptz NOT NULL,
        entry_path text NOT NULL,
        accompaniment text NOT NULL,
        accompaniment_evidence jsonb NOT NULL DEFAULT '[]',
        household_id uuid NULL,
        protection_need_indicated boolean NOT NULL,
        trafficking_indicators boolean NOT NULL,
        medical_emergency boolean NOT NULL,
        disability boolean NOT NULL,
        pregnant boolean NOT NULL,
        assigned_officer_id text NULL,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL,
        procuraduria_notified_at timestamptz NULL,
        dif_channelled_at timestamptz NULL,
        closed_at timestamptz NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL,
        CONSTRAINT intake_case_accompanied_household_ck
          CHECK (accompaniment <> 'ACCOMPANIED' OR household_id IS NOT NULL),
        CONSTRAINT intake_case_closed_records_ck
          CHECK (status <> 'CLOSED' OR (procuraduria_notified_at IS NOT NULL AND dif_channelled_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX intake_case_office_registered_idx ON intake_case (office_code, registered_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX intake_case_registered_idx ON intake_case (registered_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX intake_case_person_idx ON intake_case (person_id)`);
    await queryRunner.query(
      `CREATE INDEX intake_case_open_deadlines_idx ON intake_case (detected_at)
         WHERE procuraduria_notified_at IS NULL OR dif_channelled_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE procuraduria_notification (
        case_id uuid PRIMARY KEY REFERENCES intake_case (id),
        notified_at timestamptz NOT NULL,
        procuraduria text NOT NULL,
        official_name text NOT NULL,
        means text NOT NULL,
        reference text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    // LM-08, INV-04: a child is never handed to a migration station or provisional stay.
    await queryRunner.query(`
      CREATE TABLE dif_channelling (
        case_id uuid PRIMARY KEY REFERENCES intake_case (id),
        channelled_at timestamptz NOT NULL,
        facility_type text NOT NULL CHECK (facility_type IN ('DIF_SHELTER', 'CAS')),
        facility_id text NULL,
        facility_name text NOT NULL,
        received_by text NOT NULL,
        receipt_number text NOT NULL,
        acta_number text NOT NULL,
        protection_measure_id text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT dif_channelling_cas_measure_ck
          CHECK (facility_type <> 'CAS' OR protection_measure_id IS NOT NULL)
      )`);
    await queryRunner.query(`
      CREATE TABLE case_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES intake_case (id),
        officer_id text NOT NULL,
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX case_assignment_case_idx ON case_assignment (case_id, assigned_at)`);
    await queryRunner.query(`
      CREATE TABLE case_transfer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES intake_case (id),
        from_office char(3) NOT NULL,
        to_office char(3) NOT NULL,
        reason text NOT NULL,
        transferred_by text NOT NULL,
        transferred_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX case_transfer_case_idx ON case_transfer (case_id, transferred_at)`);
    await queryRunner.query(`
      CREATE TABLE case_deadline_alert (
        case_id uuid NOT NULL REFERENCES intake_case (id),
        clock text NOT NULL,
        level text NOT NULL,
        raised_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, clock, level)
      )`);
    await queryRunner.query(`
      CREATE TABLE idempotency_record (
        subject text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        case_id uuid NOT NULL REFERENCES intake_case (id),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (subject, idempotency_key)
      )`);
    // Case numbers: one sequence per office and year, made on first use. A sequence never
    // hands a number out twice, even across rollbacks, so a case number is never reused.
    await queryRunner.query(`
      CREATE FUNCTION next_case_sequence(office text, year int) RETURNS bigint
      LANGUAGE plpgsql AS $$
      DECLARE
        sequence_name text := format('case_number_%s_%s', lower(office), year);
      BEGIN
        IF to_regclass(sequence_name) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I MINVALUE 1 MAXVALUE 999999 NO CYCLE', sequence_name);
          EXCEPTION WHEN unique_violation OR duplicate_table THEN
            NULL;
          END;
        END IF;
        RETURN nextval(sequence_name);
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION next_case_sequence(text, int)`);
    for (const table of [
      'idempotency_record',
      'case_deadline_alert',
      'case_transfer',
      'case_assignment',
      'dif_channelling',
      'procuraduria_notification',
      'intake_case',
      'person',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
