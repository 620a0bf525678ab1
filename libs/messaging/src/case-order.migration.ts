import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order per case (ARCHITECTURE.md, Messaging).
 *
 * Producer side: every outbox row gets the case's next version in the transaction that writes
 * it. The counter row is locked until that transaction ends, so a case's event-writing
 * transactions commit in version order: a snapshot that sees version N+1 also sees N. A row
 * that JetStream always refuses is set aside (`dead_lettered_at`) and holds back only its case.
 *
 * Consumer side: per logical consumer (a durable and its per-office durables share one) and
 * case, the version applied last. `opis_consumer_claim` decides for a batch, under the cursor
 * rows' locks, which events to apply (the next versions), skip (applied already) or park (an
 * earlier version is missing): whatever instance or delivery order, a case's versions are
 * applied once, in order. Parked events wait in `consumer_pending_event` for their
 * predecessor.
 */
export class CaseOrder1764460000004 implements MigrationInterface {
  public readonly name = 'CaseOrder1764460000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_case_version (
        case_id uuid PRIMARY KEY,
        version bigint NOT NULL
      )`);
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN case_version bigint`);
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN publish_attempts integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN last_publish_error text NULL`);
    await queryRunner.query(`ALTER TABLE outbox ADD COLUMN dead_lettered_at timestamptz NULL`);
    // Rows written before versions existed: numbered in outbox order, which was their order.
    await queryRunner.query(`
      UPDATE outbox o SET case_version = n.version, payload = jsonb_set(o.payload, '{caseVersion}', to_jsonb(n.version))
        FROM (SELECT id, row_number() OVER (PARTITION BY case_id ORDER BY position) AS version FROM outbox) n
       WHERE n.id = o.id`);
    await queryRunner.query(`
      INSERT INTO outbox_case_version (case_id, version) SELECT case_id, max(case_version) FROM outbox GROUP BY case_id`);
    await queryRunner.query(`ALTER TABLE outbox ALTER COLUMN case_version SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE outbox ADD CONSTRAINT outbox_case_version_key UNIQUE (case_id, case_version)`);
    // The relay's "is an earlier version of this case still unpublished?" probe.
    await queryRunner.query(
      `CREATE INDEX outbox_unpublished_case_idx ON outbox (case_id, case_version) WHERE published_at IS NULL`,
    );
    // A backlog grows fast in a NATS outage: without fresh statistics the relay's read scans and
    // sorts every unpublished row (52 ms a read at 20 000 rows, against 6 ms), so the outbox is
    // analysed after 1 % of it changed, not the default 10 %.
    await queryRunner.query(`ALTER TABLE outbox SET (autovacuum_analyze_scale_factor = 0.01)`);
    await queryRunner.query(`
      CREATE FUNCTION outbox_number_case_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        next_version bigint;
      BEGIN
        INSERT INTO outbox_case_version AS v (case_id, version) VALUES (NEW.case_id, 1)
          ON CONFLICT (case_id) DO UPDATE SET version = v.version + 1
          RETURNING v.version INTO next_version;
        NEW.case_version := next_version;
        NEW.payload := jsonb_set(NEW.payload, '{caseVersion}', to_jsonb(next_version));
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER outbox_number_case_event_trg BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_number_case_event()`,
    );

    await queryRunner.query(`
      CREATE TABLE consumer_case_cursor (
        consumer text NOT NULL,
        case_id uuid NOT NULL,
        applied_version bigint NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consumer_case_cursor_pkey PRIMARY KEY (consumer, case_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE consumer_pending_event (
        consumer text NOT NULL,
        case_id uuid NOT NULL,
        case_version bigint NOT NULL,
        event_id uuid NOT NULL,
        durable text NOT NULL,
        subject text NOT NULL,
        stream_sequence bigint NOT NULL,
        payload text NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NULL,
        last_error text NULL,
        CONSTRAINT consumer_pending_event_pkey PRIMARY KEY (consumer, case_id, case_version)
      )`);

    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN consumer_group text`);
    await queryRunner.query(`UPDATE dead_letter SET consumer_group = consumer`);
    await queryRunner.query(`ALTER TABLE dead_letter ALTER COLUMN consumer_group SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN case_id uuid NULL`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN case_version bigint NULL`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN replay_requested_at timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN replay_error text NULL`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN resolved_at timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN resolution text NULL`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN resolved_by text NULL`);
    await queryRunner.query(`ALTER TABLE dead_letter ADD COLUMN resolution_reason text NULL`);
    await queryRunner.query(`
      ALTER TABLE dead_letter ADD CONSTRAINT dead_letter_resolution_check
        CHECK (resolution IS NULL OR resolution IN ('replayed', 'skipped', 'already-applied'))`);
    // One dead letter per consumer and stream message: a crash between the row and the term
    // redelivers the message, and its second dead letter is the first one.
    await queryRunner.query(`
      DELETE FROM dead_letter d USING dead_letter e
       WHERE d.consumer_group = e.consumer_group AND d.stream_sequence = e.stream_sequence AND d.id > e.id`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX dead_letter_group_sequence_key ON dead_letter (consumer_group, stream_sequence)`,
    );
    await queryRunner.query(`CREATE INDEX dead_letter_open_idx ON dead_letter (consumer_group) WHERE resolved_at IS NULL`);

    await queryRunner.query(`
      CREATE FUNCTION opis_consumer_claim(
        p_consumer text, p_durable text, p_event_ids uuid[], p_case_ids uuid[], p_versions bigint[],
        p_sequences bigint[], p_subjects text[], p_payloads text[])
      RETURNS TABLE (ord integer, decision text, next_parked boolean)
      LANGUAGE plpgsql AS $$
      DECLARE
        c uuid;
        applied bigint;
        e record;
      BEGIN
        -- What this durable received, newest first: its checkpoint for health and lag.
        INSERT INTO inbox (consumer, event_id, stream_sequence)
          SELECT DISTINCT ON (u.id) p_durable, u.id, u.seq FROM unnest(p_event_ids, p_sequences) AS u(id, seq)
          ON CONFLICT (consumer, event_id) DO NOTHING;
        -- Cases in one order in every instance, so two batches cannot wait on each other's cursors.
        FOR c IN SELECT DISTINCT u.case_id FROM unnest(p_case_ids) AS u(case_id) ORDER BY 1 LOOP
          INSERT INTO consumer_case_cursor (consumer, case_id, applied_version) VALUES (p_consumer, c, 0)
            ON CONFLICT (consumer, case_id) DO NOTHING;
          SELECT applied_version INTO applied FROM consumer_case_cursor
           WHERE consumer = p_consumer AND case_id = c FOR UPDATE;
          FOR e IN
            SELECT u.n::integer AS n, u.version, u.id, u.seq, u.subject, u.payload
              FROM unnest(p_event_ids, p_case_ids, p_versions, p_sequences, p_subjects, p_payloads)
                   WITH ORDINALITY AS u(id, case_id, version, seq, subject, payload, n)
             WHERE u.case_id = c
             ORDER BY u.version, u.n
          LOOP
            IF e.version <= applied THEN
              ord := e.n; decision := 'skip';
            ELSIF e.version = applied + 1 THEN
              applied := e.version;
              DELETE FROM consumer_pending_event
               WHERE consumer = p_consumer AND case_id = c AND case_version = e.version;
              ord := e.n; decision := 'apply';
            ELSE
              INSERT INTO consumer_pending_event
                (consumer, case_id, case_version, event_id, durable, subject, stream_sequence, payload)
                VALUES (p_consumer, c, e.version, e.id, p_durable, e.subject, e.seq, e.payload)
                ON CONFLICT (consumer, case_id, case_version) DO NOTHING;
              ord := e.n; decision := 'park';
            END IF;
            next_parked := EXISTS (
              SELECT 1 FROM consumer_pending_event
               WHERE consumer = p_consumer AND case_id = c AND case_version = applied + 1);
            RETURN NEXT;
          END LOOP;
          UPDATE consumer_case_cursor SET applied_version = applied, applied_at = now()
           WHERE consumer = p_consumer AND case_id = c AND applied_version <> applied;
        END LOOP;
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION opis_consumer_claim(text, text, uuid[], uuid[], bigint[], bigint[], text[], text[])`);
    await queryRunner.query(`DROP INDEX dead_letter_open_idx`);
    await queryRunner.query(`DROP INDEX dead_letter_group_sequence_key`);
    await queryRunner.query(`ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_resolution_check`);
    for (const column of [
      'consumer_group', 'case_id', 'case_version', 'replay_requested_at', 'replay_error', 'resolved_at', 'resolution',
      'resolved_by', 'resolution_reason',
    ]) {
      await queryRunner.query(`ALTER TABLE dead_letter DROP COLUMN ${column}`);
    }
    await queryRunner.query(`DROP TABLE consumer_pending_event`);
    await queryRunner.query(`DROP TABLE consumer_case_cursor`);
    await queryRunner.query(`DROP TRIGGER outbox_number_case_event_trg ON outbox`);
    await queryRunner.query(`DROP FUNCTION outbox_number_case_event()`);
    await queryRunner.query(`ALTER TABLE outbox RESET (autovacuum_analyze_scale_factor)`);
    await queryRunner.query(`DROP INDEX outbox_unpublished_case_idx`);
    await queryRunner.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_case_version_key`);
    for (const column of ['case_version', 'publish_attempts', 'last_publish_error', 'dead_lettered_at']) {
      await queryRunner.query(`ALTER TABLE outbox DROP COLUMN ${column}`);
    }
    await queryRunner.query(`DROP TABLE outbox_case_version`);
  }
}
