import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DOMAIN.md 4.3 as issue 18 (item 9) reads it: an unanswered call, or none possible, starts
 * tracing; a tracing request to the consulate is an outbound contact with the country of origin,
 * logged with purpose and legal basis like any consular notification; a reunification cites one
 * of legal-status's best-interests determinations (RLM-01) and ends the record (REUNIFIED).
 */
export class FamilyTracingAndReunified1765000000002 implements MigrationInterface {
  public readonly name = 'FamilyTracingAndReunified1765000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE family_record DROP CONSTRAINT family_record_status_check`);
    await queryRunner.query(`
      ALTER TABLE family_record ADD CONSTRAINT family_record_status_check
        CHECK (status IN ('NOT_STARTED', 'CALL_OFFERED', 'IN_CONTACT', 'TRACING', 'VERIFYING',
                          'VERIFIED', 'FLAGGED_RISK', 'NOT_LOCATED', 'REUNIFIED'))`);
    await queryRunner.query(`UPDATE family_record SET status = 'REUNIFIED' WHERE reunified_at IS NOT NULL`);
    // A reunified record is closed for good, whatever code writes the row.
    await queryRunner.query(`
      CREATE FUNCTION family_record_reunified_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'REUNIFIED' AND NEW.status <> 'REUNIFIED' THEN
          RAISE EXCEPTION 'a reunified record stays reunified' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER family_record_reunified_is_final BEFORE UPDATE OF status ON family_record
        FOR EACH ROW EXECUTE FUNCTION family_record_reunified_is_final()`);
    await queryRunner.query(`
      ALTER TABLE family_record ADD CONSTRAINT family_record_reunified_ck
        CHECK ((status = 'REUNIFIED') = (reunified_at IS NOT NULL))`);

    await queryRunner.query(`ALTER TABLE family_call DROP CONSTRAINT family_call_outcome_check`);
    await queryRunner.query(`
      ALTER TABLE family_call ADD CONSTRAINT family_call_outcome_check
        CHECK (outcome IN ('REACHED', 'NO_ANSWER', 'WRONG_NUMBER', 'REFUSED_BY_CHILD', 'NO_NUMBER'))`);
    await queryRunner.query(`ALTER TABLE family_call DROP CONSTRAINT family_call_number_ck`);
    await queryRunner.query(`
      ALTER TABLE family_call ADD CONSTRAINT family_call_number_ck
        CHECK (outcome IN ('REFUSED_BY_CHILD', 'NO_NUMBER') OR phone_id IS NOT NULL)`);

    await queryRunner.query(`
      ALTER TABLE consular_notification
        ADD COLUMN tracing_attempt_id uuid NULL
          CONSTRAINT consular_notification_tracing_fk REFERENCES tracing_attempt (id)
          CONSTRAINT consular_notification_tracing_uq UNIQUE`);

    // The determination legal-status confirmed; older rows cited free text nothing checked.
    await queryRunner.query(`ALTER TABLE reunification ADD COLUMN best_interests_id uuid NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reunification DROP COLUMN best_interests_id`);
    await queryRunner.query(`ALTER TABLE consular_notification DROP COLUMN tracing_attempt_id`);
    await queryRunner.query(`DELETE FROM family_call WHERE outcome = 'NO_NUMBER'`);
    await queryRunner.query(`ALTER TABLE family_call DROP CONSTRAINT family_call_number_ck`);
    await queryRunner.query(`ALTER TABLE family_call ADD CONSTRAINT family_call_number_ck CHECK (outcome = 'REFUSED_BY_CHILD' OR phone_id IS NOT NULL)`);
    await queryRunner.query(`ALTER TABLE family_call DROP CONSTRAINT family_call_outcome_check`);
    await queryRunner.query(`
      ALTER TABLE family_call ADD CONSTRAINT family_call_outcome_check
        CHECK (outcome IN ('REACHED', 'NO_ANSWER', 'WRONG_NUMBER', 'REFUSED_BY_CHILD'))`);
    await queryRunner.query(`ALTER TABLE family_record DROP CONSTRAINT family_record_reunified_ck`);
    await queryRunner.query(`DROP TRIGGER family_record_reunified_is_final ON family_record`);
    await queryRunner.query(`DROP FUNCTION family_record_reunified_is_final()`);
    // The reunification row still says so; the status goes back to what it was before REUNIFIED existed.
    await queryRunner.query(`UPDATE family_record SET status = 'VERIFIED' WHERE status = 'REUNIFIED'`);
    await queryRunner.query(`ALTER TABLE family_record DROP CONSTRAINT family_record_status_check`);
    await queryRunner.query(`
      ALTER TABLE family_record ADD CONSTRAINT family_record_status_check
        CHECK (status IN ('NOT_STARTED', 'CALL_OFFERED', 'IN_CONTACT', 'TRACING', 'VERIFYING',
                          'VERIFIED', 'FLAGGED_RISK', 'NOT_LOCATED'))`);
  }
}
