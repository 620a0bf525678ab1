import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake's own Idempotency-Key store goes: libs/platform's idempotency_key (IdempotencyKeyTable1766500000000)
 * answers keyed POSTs of every service, registrations included (issue 19: one implementation). Keys
 * held here answered for a day; dropping them means a retry of a registration keyed before the
 * upgrade makes a new case, which the duplicate check then shows beside the first.
 */
export class DropIdempotencyRecord1766600000001 implements MigrationInterface {
  public readonly name = 'DropIdempotencyRecord1766600000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_record`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The table as IntakeSchema1764470000000 made it, empty: the keys it held are gone.
    await queryRunner.query(`
      CREATE TABLE idempotency_record (
        subject text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        case_id uuid NOT NULL REFERENCES intake_case (id),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (subject, idempotency_key)
      )`);
  }
}
