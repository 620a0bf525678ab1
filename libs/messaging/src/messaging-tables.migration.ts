import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox, inbox, checkpoints and dead letters: add this to every service's migration list. */
export class MessagingTables1764460000000 implements MigrationInterface {
  public readonly name = 'MessagingTables1764460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        position bigserial NOT NULL,
        subject text NOT NULL,
        event_type text NOT NULL,
        case_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL,
        CONSTRAINT outbox_position_key UNIQUE (position)
      )`);
    await queryRunner.query(
      `CREATE INDEX outbox_unpublished_idx ON outbox (position) WHERE published_at IS NULL`,
    );
    // Wakes the relay at commit (Postgres delivers NOTIFY only then). A statement trigger costs
    // writers no round trip, and one notification per transaction is enough.
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('opis_outbox', '');
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER outbox_notify_trg AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );
    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        stream_sequence bigint NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE consumer_checkpoint (
        consumer text PRIMARY KEY,
        stream text NOT NULL,
        last_stream_sequence bigint NOT NULL,
        last_event_id uuid NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE dead_letter (
        id uuid PRIMARY KEY,
        consumer text NOT NULL,
        subject text NOT NULL,
        stream_sequence bigint NOT NULL,
        event_id uuid NULL,
        payload text NOT NULL,
        reason text NOT NULL,
        deliveries integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX dead_letter_consumer_created_idx ON dead_letter (consumer, created_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dead_letter`);
    await queryRunner.query(`DROP TABLE consumer_checkpoint`);
    await queryRunner.query(`DROP TABLE inbox`);
    await queryRunner.query(`DROP TABLE outbox`);
    await queryRunner.query(`DROP FUNCTION outbox_notify()`);
  }
}
