import { MigrationInterface, QueryRunner } from 'typeorm';

export class CareSchema1764480000000 implements MigrationInterface {
  public readonly name = 'CareSchema1764480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A copy of intake's case summary (categories and screening flags only, never identity).
    // created_at is the commit-side clock of the consumer, for the intake-to-care delay.
    await queryRunner.query(`
      CREATE TABLE care_record (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        office_code char(3) NOT NULL,
        age_band text NOT NULL CHECK (age_band IN ('0-11', '12-17')),
        sex char(1) NOT NULL,
        nationality char(2) NOT NULL,
        accompaniment text NOT NULL CHECK (accompaniment IN ('ACCOMPANIED', 'SEPARATED', 'UNACCOMPANIED')),
        household_id uuid NULL,
        detected_at timestamptz NOT NULL,
        protection_need_indicated boolean NOT NULL,
        trafficking_indicators boolean NOT NULL,
        medical_emergency boolean NOT NULL,
        disability boolean NOT NULL,
        pregnant boolean NOT NULL,
        flags text[] NOT NULL DEFAULT '{}',
        opened_by_event_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX care_record_office_idx ON care_record (office_code)`);
    await queryRunner.query(`
      CREATE TABLE care_need (
        case_id uuid NOT NULL REFERENCES care_record (case_id),
        need text NOT NULL CHECK (need IN ('HEALTH', 'FOOD', 'CLOTHING', 'REST', 'PSYCHOLOGICAL_FIRST_AID')),
        due_at timestamptz NOT NULL,
        met_at timestamptz NULL,
        overdue_raised_at timestamptz NULL,
        PRIMARY KEY (case_id, need)
      )`);
    // The worklist and the overdue scanner read only needs not yet met.
    await queryRunner.query(`CREATE INDEX care_need_unmet_due_idx ON care_need (due_at) WHERE met_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE care_delivery (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES care_record (case_id),
        need text NOT NULL,
        delivered_at timestamptz NOT NULL,
        delivered_by text NOT NULL,
        provided text NOT NULL,
        meal text NULL,
        diet text NULL,
        notes text NULL,
        placement_id uuid NULL,
        screening_id uuid NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX care_delivery_case_idx ON care_delivery (case_id, delivered_at)`);
    await queryRunner.query(`
      CREATE TABLE health_screening (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES care_record (case_id),
        screened_at timestamptz NOT NULL,
        screened_by text NOT NULL,
        urgent_referral boolean NOT NULL,
        chronic_condition boolean NOT NULL,
        pregnancy_follow_up boolean NOT NULL,
        disability_support boolean NOT NULL,
        notes text NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX health_screening_case_idx ON health_screening (case_id, screened_at)`);
    await queryRunner.query(`
      CREATE TABLE medical_referral (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES care_record (case_id),
        urgent boolean NOT NULL,
        reason text NOT NULL CHECK (reason IN ('MEDICAL_EMERGENCY_AT_INTAKE', 'HEALTH_SCREENING')),
        screening_id uuid NULL REFERENCES health_screening (id),
        opened_at timestamptz NOT NULL,
        opened_by text NOT NULL
      )`);
    // One referral per intake emergency, however often the event that raised it arrives.
    await queryRunner.query(
      `CREATE UNIQUE INDEX medical_referral_intake_uq ON medical_referral (case_id) WHERE reason = 'MEDICAL_EMERGENCY_AT_INTAKE'`,
    );
    // LM-08, INV-04: a migration station or provisional stay can never be a placement target.
    await queryRunner.query(`
      CREATE TABLE facility (
        id uuid PRIMARY KEY,
        office_code char(3) NOT NULL,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('DIF_SHELTER', 'CAS', 'HOSPITAL', 'INM_OFFICE')),
        capacity int NOT NULL CHECK (capacity > 0),
        settings text[] NOT NULL CHECK (settings <@ ARRAY['CHILD_ONLY_AREA', 'FAMILY_UNIT_AREA']::text[] AND cardinality(settings) > 0),
        accreditation text NULL,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL,
        CONSTRAINT facility_office_name_uq UNIQUE (office_code, name)
      )`);
    // GD-07: no placement in an area shared with unrelated adults; one current placement per child.
    await queryRunner.query(`
      CREATE TABLE placement (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES care_record (case_id),
        facility_id uuid NOT NULL REFERENCES facility (id),
        facility_type text NOT NULL CHECK (facility_type IN ('DIF_SHELTER', 'CAS', 'HOSPITAL', 'INM_OFFICE')),
        setting text NOT NULL CHECK (setting IN ('CHILD_ONLY_AREA', 'FAMILY_UNIT_AREA')),
        household_id uuid NULL,
        procuraduria_decision_reference text NULL,
        procuraduria_decided_at timestamptz NULL,
        protection_measure_reference text NULL,
        placed_at timestamptz NOT NULL,
        expected_until timestamptz NULL,
        ended_at timestamptz NULL,
        placed_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT placement_cas_measure_ck CHECK (facility_type <> 'CAS' OR protection_measure_reference IS NOT NULL),
        CONSTRAINT placement_inm_office_bounded_ck CHECK (facility_type <> 'INM_OFFICE' OR expected_until IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX placement_current_uq ON placement (case_id) WHERE ended_at IS NULL`);
    await queryRunner.query(`CREATE INDEX placement_facility_current_idx ON placement (facility_id) WHERE ended_at IS NULL`);
    await queryRunner.query(`CREATE INDEX placement_case_idx ON placement (case_id, placed_at)`);
    await queryRunner.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES care_record (case_id),
        type text NOT NULL CHECK (type IN ('INJURY', 'ILLNESS', 'RUNAWAY', 'ABUSE_DISCLOSURE', 'THREAT')),
        severity text NOT NULL CHECK (severity IN ('MINOR', 'MODERATE', 'SERIOUS', 'CRITICAL')),
        serious boolean NOT NULL,
        occurred_at timestamptz NOT NULL,
        reported_by text NOT NULL,
        notes text NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX incident_case_idx ON incident (case_id, occurred_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['incident', 'placement', 'facility', 'medical_referral', 'health_screening', 'care_delivery', 'care_need', 'care_record']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
