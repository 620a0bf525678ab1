import { MigrationInterface, QueryRunner } from 'typeorm';

/** Names, phone numbers, places and notes are stored only as `<keyId>:<ciphertext>` (`*_enc`). */
export class FamilyContactSchema1764480000000 implements MigrationInterface {
  public readonly name = 'FamilyContactSchema1764480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE family_record (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        office_code char(3) NOT NULL,
        age_band text NOT NULL,
        sex text NOT NULL,
        nationality char(2) NOT NULL,
        accompaniment text NOT NULL,
        speaks_spanish text NOT NULL,
        protection_need_indicated boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('NOT_STARTED', 'CALL_OFFERED', 'IN_CONTACT', 'TRACING', 'VERIFYING',
                                               'VERIFIED', 'FLAGGED_RISK', 'NOT_LOCATED')),
        registered_at timestamptz NOT NULL,
        first_call_due_at timestamptz NOT NULL,
        first_call_at timestamptz NULL,
        reunified_at timestamptz NULL,
        intake_sequence bigint NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX family_record_office_idx ON family_record (office_code, registered_at DESC)`);
    await queryRunner.query(
      `CREATE INDEX family_record_first_call_due_idx ON family_record (first_call_due_at) WHERE first_call_at IS NULL`,
    );
    // Keyed by case without a foreign key: legal-status events may arrive before intake's.
    await queryRunner.query(`
      CREATE TABLE case_protection (
        case_id uuid PRIMARY KEY,
        protection_claimed boolean NOT NULL,
        status text NOT NULL,
        as_of timestamptz NOT NULL,
        event_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE family_contact (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT family_contact_record_fk REFERENCES family_record (case_id),
        relationship text NOT NULL,
        given_names_enc text NOT NULL,
        family_names_enc text NOT NULL,
        country char(2) NOT NULL,
        place_enc text NULL,
        how_known_enc text NULL,
        wants_contact text NOT NULL CHECK (wants_contact IN ('YES', 'NO', 'UNSURE')),
        status text NOT NULL CHECK (status IN ('NAMED', 'LOCATED', 'VERIFIED', 'FLAGGED_RISK')),
        located_at timestamptz NULL,
        located_via text NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX family_contact_case_idx ON family_contact (case_id, created_at)`);
    // A flagged person stays flagged: no later write can make them eligible for a hand-over.
    await queryRunner.query(`
      CREATE FUNCTION family_contact_flag_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'FLAGGED_RISK' AND NEW.status <> 'FLAGGED_RISK' THEN
          RAISE EXCEPTION 'a contact flagged as a risk stays flagged' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER family_contact_flag_is_final BEFORE UPDATE OF status ON family_contact
        FOR EACH ROW EXECUTE FUNCTION family_contact_flag_is_final()`);
    await queryRunner.query(`
      CREATE TABLE contact_phone (
        id uuid PRIMARY KEY,
        contact_id uuid NOT NULL CONSTRAINT contact_phone_contact_fk REFERENCES family_contact (id),
        case_id uuid NOT NULL,
        number_enc text NOT NULL,
        number_hash text NOT NULL,
        position int NOT NULL,
        CONSTRAINT contact_phone_number_uq UNIQUE (contact_id, number_hash)
      )`);
    await queryRunner.query(`CREATE INDEX contact_phone_hash_idx ON contact_phone (number_hash)`);
    await queryRunner.query(`
      CREATE TABLE family_call (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT family_call_record_fk REFERENCES family_record (case_id),
        contact_id uuid NULL CONSTRAINT family_call_contact_fk REFERENCES family_contact (id),
        phone_id uuid NULL CONSTRAINT family_call_phone_fk REFERENCES contact_phone (id),
        dialled_by text NOT NULL,
        called_at timestamptz NOT NULL,
        duration_seconds int NOT NULL CHECK (duration_seconds >= 0),
        outcome text NOT NULL CHECK (outcome IN ('REACHED', 'NO_ANSWER', 'WRONG_NUMBER', 'REFUSED_BY_CHILD')),
        interpreter_used boolean NOT NULL,
        interpreter_language text NULL,
        interpreter_id text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT family_call_number_ck CHECK (outcome = 'REFUSED_BY_CHILD' OR phone_id IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX family_call_case_idx ON family_call (case_id, called_at)`);
    await queryRunner.query(`
      CREATE TABLE tracing_attempt (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT tracing_attempt_record_fk REFERENCES family_record (case_id),
        contact_id uuid NULL CONSTRAINT tracing_attempt_contact_fk REFERENCES family_contact (id),
        channel text NOT NULL,
        outcome text NOT NULL,
        attempted_at timestamptz NOT NULL,
        reference_enc text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX tracing_attempt_case_idx ON tracing_attempt (case_id, attempted_at)`);
    await queryRunner.query(`
      CREATE TABLE member_verification (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT member_verification_record_fk REFERENCES family_record (case_id),
        contact_id uuid NOT NULL CONSTRAINT member_verification_contact_fk REFERENCES family_contact (id),
        outcome text NOT NULL CHECK (outcome IN ('VERIFIED', 'FLAGGED_RISK')),
        evidence text[] NOT NULL,
        evidence_notes_enc text NULL,
        child_wish text NULL,
        child_views_enc text NULL,
        risk_indicators text[] NOT NULL,
        procuraduria_vetting_reference text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT member_verification_verified_ck CHECK (
          outcome <> 'VERIFIED' OR (cardinality(evidence) > 0 AND child_wish IS NOT NULL
                                    AND procuraduria_vetting_reference IS NOT NULL AND cardinality(risk_indicators) = 0))
      )`);
    await queryRunner.query(`CREATE INDEX member_verification_contact_idx ON member_verification (contact_id)`);
    await queryRunner.query(`
      CREATE TABLE consular_notification (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT consular_notification_record_fk REFERENCES family_record (case_id),
        country char(2) NOT NULL,
        purpose text NOT NULL,
        means text NOT NULL,
        legal_basis text NOT NULL,
        notified_at timestamptz NOT NULL,
        legal_status_as_of timestamptz NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE reunification (
        case_id uuid PRIMARY KEY CONSTRAINT reunification_record_fk REFERENCES family_record (case_id),
        id uuid NOT NULL CONSTRAINT reunification_id_uq UNIQUE,
        contact_id uuid NOT NULL CONSTRAINT reunification_contact_fk REFERENCES family_contact (id),
        handed_over_at timestamptz NOT NULL,
        handed_over_by text NOT NULL,
        place_kind text NOT NULL,
        place_country char(2) NOT NULL,
        place_enc text NOT NULL,
        receiver_document_enc text NOT NULL,
        handover_record_number text NOT NULL,
        best_interests_reference text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    // INV-08, GD-05: the receiver must be verified (never flagged), whatever code writes the row.
    await queryRunner.query(`
      CREATE FUNCTION reunification_receiver_verified() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM family_contact WHERE id = NEW.contact_id AND case_id = NEW.case_id
                                                      AND status = 'VERIFIED') THEN
          RAISE EXCEPTION 'a child is handed over only to a verified family member' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER reunification_receiver_verified BEFORE INSERT OR UPDATE ON reunification
        FOR EACH ROW EXECUTE FUNCTION reunification_receiver_verified()`);
    await queryRunner.query(`
      CREATE TABLE first_call_alert (
        case_id uuid PRIMARY KEY CONSTRAINT first_call_alert_record_fk REFERENCES family_record (case_id),
        raised_at timestamptz NOT NULL
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'first_call_alert',
      'reunification',
      'consular_notification',
      'member_verification',
      'tracing_attempt',
      'family_call',
      'contact_phone',
      'family_contact',
      'case_protection',
      'family_record',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION reunification_receiver_verified()`);
    await queryRunner.query(`DROP FUNCTION family_contact_flag_is_final()`);
  }
}
