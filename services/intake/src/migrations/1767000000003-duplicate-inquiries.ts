import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21, the national view with minimal disclosure: a possible duplicate in another office is
 * shown as office, case number, score and age band, and recorded here with the case it was shown
 * to. Only such a record can be inquired about; the other office answers, sharing the details or
 * not, and both sides see who asked and why.
 */
export class DuplicateInquiries1767000000003 implements MigrationInterface {
  public readonly name = 'DuplicateInquiries1767000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE duplicate_disclosure (
        case_id uuid NOT NULL REFERENCES intake_case (id),
        candidate_case_id uuid NOT NULL REFERENCES intake_case (id),
        score real NOT NULL,
        disclosed_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, candidate_case_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE duplicate_inquiry (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        candidate_case_id uuid NOT NULL,
        asking_office text NOT NULL,
        asked_office text NOT NULL,
        asked_by text NOT NULL,
        reason text NOT NULL,
        asked_at timestamptz NOT NULL,
        answered_by text NULL,
        answered_at timestamptz NULL,
        shared boolean NULL,
        answer_note text NULL,
        FOREIGN KEY (case_id, candidate_case_id) REFERENCES duplicate_disclosure (case_id, candidate_case_id),
        CONSTRAINT duplicate_inquiry_answer_ck CHECK ((answered_at IS NULL) = (answered_by IS NULL) AND (answered_at IS NULL) = (shared IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX duplicate_inquiry_asked_idx ON duplicate_inquiry (asked_office, asked_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX duplicate_inquiry_asking_idx ON duplicate_inquiry (asking_office, asked_at DESC, id DESC)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE duplicate_inquiry`);
    await queryRunner.query(`DROP TABLE duplicate_disclosure`);
  }
}
