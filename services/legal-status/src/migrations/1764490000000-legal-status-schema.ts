import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Legal-status's tables. The CHECK constraints repeat the state machines' hardest rules so
 * that no write path can break them: no custodial state (LM-10), no PAM before the Procuraduría
 * notification (LM-05), VRH-cautelar until the procedure is resolved (LM-07, INV-12).
 */
export class LegalStatusSchema1764490000000 implements MigrationInterface {
  public readonly name = 'LegalStatusSchema1764490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE legal_record (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        office_code char(3) NOT NULL,
        age_band text NOT NULL,
        sex text NOT NULL,
        nationality char(2) NOT NULL,
        accompaniment text NOT NULL,
        speaks_spanish text NOT NULL,
        detected_at timestamptz NOT NULL,
        intake_sequence bigint NOT NULL,
        procuraduria_notified_at timestamptz NULL,
        stay_status text NOT NULL CHECK (stay_status IN ('VRH_CAUTELAR', 'VRH_REGULARIZED')),
        procedure_status text NOT NULL CHECK (procedure_status IN ('VRH_CAUTELAR', 'PAM_OPEN', 'AWAITING_PLAN',
                                                                   'PLAN_RECEIVED', 'RESOLVED', 'UNDER_REVIEW')),
        procedure_opened_at timestamptz NULL,
        procedure_resolution text NULL CHECK (procedure_resolution IN ('REGULARIZED_HUMANITARIAN', 'REFERRED_TO_PROTECTION',
                                              'REUNIFICATION_IN_MEXICO', 'REUNIFICATION_THIRD_COUNTRY', 'ASSISTED_RETURN_APPROVED')),
        procedure_resolved_at timestamptz NULL,
        procedure_override_reason text NULL,
        procedure_override_by text NULL,
        procedure_review_kind text NULL,
        protection_status text NOT NULL CHECK (protection_status IN ('NOT_ASSESSED', 'NEED_IDENTIFIED', 'CLAIM_PENDING',
                                   'RECOGNIZED_REFUGEE', 'COMPLEMENTARY_PROTECTION', 'DENIED', 'APPEAL_PENDING', 'FINAL_DENIED', 'WITHDRAWN')),
        need_identified_at timestamptz NULL,
        need_source text NULL,
        claim_filed_at timestamptz NULL,
        claim_representative text NULL,
        claim_interpreter_id text NULL,
        claim_late_justification text NULL,
        comar_notice_due_at timestamptz NULL,
        comar_notice_received_at timestamptz NULL,
        extension_granted_at timestamptz NULL,
        decided_at timestamptz NULL,
        appeal_kind text NULL,
        appeal_filed_at timestamptz NULL,
        withdrawal_representative text NULL,
        withdrawal_child_views text NULL,
        protection_ended_at timestamptz NULL,
        residence_task_opened_at timestamptz NULL,
        fear_of_return_at timestamptz NULL,
        return_locked boolean NOT NULL,
        consular_locked boolean NOT NULL,
        lock_reasons text[] NOT NULL,
        bi_recommends_return boolean NOT NULL,
        status_as_of timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT legal_record_pam_after_notification_ck CHECK (
          procedure_opened_at IS NULL OR (procuraduria_notified_at IS NOT NULL AND procedure_opened_at > procuraduria_notified_at)),
        CONSTRAINT legal_record_vrh_until_resolved_ck CHECK (
          stay_status = 'VRH_CAUTELAR' OR procedure_status IN ('RESOLVED', 'UNDER_REVIEW')),
        CONSTRAINT legal_record_resolution_ck CHECK (
          (procedure_status IN ('RESOLVED', 'UNDER_REVIEW')) = (procedure_resolution IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX legal_record_office_idx ON legal_record (office_code, opened_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE due_process_item (
        case_id uuid NOT NULL CONSTRAINT due_process_item_record_fk REFERENCES legal_record (case_id),
        item text NOT NULL,
        completed_at timestamptz NOT NULL,
        document_reference text NOT NULL,
        person text NOT NULL,
        not_applicable_reason text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, item)
      )`);
    await queryRunner.query(`
      CREATE TABLE best_interests_record (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT best_interests_record_fk REFERENCES legal_record (case_id),
        record_type text NOT NULL CHECK (record_type IN ('PLAN', 'BIA', 'BID')),
        author text NOT NULL,
        panel_members text[] NOT NULL,
        decided_at timestamptz NOT NULL,
        options_considered text[] NOT NULL,
        child_views text NOT NULL,
        recommended_measure text NULL,
        urgent_measures text[] NOT NULL,
        document_reference text NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT best_interests_plan_ck CHECK (
          record_type <> 'PLAN' OR (recommended_measure IS NOT NULL AND document_reference IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX best_interests_case_idx ON best_interests_record (case_id, decided_at)`);
    await queryRunner.query(`
      CREATE TABLE information_session (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT information_session_record_fk REFERENCES legal_record (case_id),
        topic text NOT NULL,
        held_at timestamptz NOT NULL,
        language char(3) NOT NULL,
        interpreter_id text NULL,
        material_used text NOT NULL,
        understanding text NOT NULL,
        child_views text NULL,
        fear_of_return_expressed boolean NOT NULL,
        duration_minutes int NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX information_session_case_idx ON information_session (case_id, held_at)`);
    await queryRunner.query(`
      CREATE TABLE inform_duty (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL CONSTRAINT inform_duty_record_fk REFERENCES legal_record (case_id),
        topic text NOT NULL,
        cause text NOT NULL,
        opened_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        discharged_at timestamptz NULL,
        session_id uuid NULL CONSTRAINT inform_duty_session_fk REFERENCES information_session (id),
        overdue_raised_at timestamptz NULL
      )`);
    // One open duty per case and topic: a second change before the child is told adds nothing to tell late.
    await queryRunner.query(`CREATE UNIQUE INDEX inform_duty_open_uq ON inform_duty (case_id, topic) WHERE discharged_at IS NULL`);
    await queryRunner.query(
      `CREATE INDEX inform_duty_due_idx ON inform_duty (due_at) WHERE discharged_at IS NULL AND overdue_raised_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE explanation_text (
        topic text NOT NULL,
        age_band text NOT NULL CHECK (age_band IN ('6-11', '12-17', 'CARER_0-5')),
        language char(3) NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (topic, age_band, language)
      )`);
    await queryRunner.query(`
      CREATE TABLE calendar_holiday (
        day date PRIMARY KEY,
        description text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE clock_suspension (
        id uuid PRIMARY KEY,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        legal_basis text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT clock_suspension_period_ck CHECK (ends_on >= starts_on)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['clock_suspension', 'calendar_holiday', 'explanation_text', 'inform_duty', 'information_session',
      'best_interests_record', 'due_process_item', 'legal_record']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
