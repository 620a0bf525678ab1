import { MigrationInterface, QueryRunner } from 'typeorm';

/** A record also closes when intake takes the person out of the child flow (GD-12, issue 18). */
export class CareRecordAdultFlow1765000000003 implements MigrationInterface {
  public readonly name = 'CareRecordAdultFlow1765000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE care_record
        DROP CONSTRAINT care_record_status_ck,
        ADD CONSTRAINT care_record_status_ck CHECK (status IN ('OPEN', 'TRANSFERRED', 'EXIT_ADULT_FLOW'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE care_record
        DROP CONSTRAINT care_record_status_ck,
        ADD CONSTRAINT care_record_status_ck CHECK (status IN ('OPEN', 'TRANSFERRED'))`);
  }
}
