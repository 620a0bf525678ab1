import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox no longer notifies on every insert: a NOTIFY makes each committing transaction
 * take Postgres's global notification lock, which serialised every registration's commit.
 * Writers now wake the relay themselves (OutboxWriter): in-process, or by NOTIFY from another
 * instance only.
 */
export class OutboxWakeByWriters1764460000002 implements MigrationInterface {
  public readonly name = 'OutboxWakeByWriters1764460000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_notify_trg ON outbox`);
    await queryRunner.query(`DROP FUNCTION outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
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
  }
}
