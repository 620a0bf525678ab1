import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case timeline: one row per event of any service, keyed by the event's id (a redelivery
 * adds nothing). Only what the envelope says of every event — type, case, office, the actor and
 * when — never its data: the timeline shows what happened and who did it, the services hold the rest.
 */
export class GatewayTimeline1767200000000 implements MigrationInterface {
  public readonly name = 'GatewayTimeline1767200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE timeline_entry (
        event_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        office_code text NOT NULL,
        service text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX timeline_entry_case ON timeline_entry (case_id, occurred_at, event_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE timeline_entry`);
  }
}
