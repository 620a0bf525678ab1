import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fear of return lifted by a Procuraduría decision, with the child heard (issue 18, GD-08, INF-04):
 * one row per lift, so a fear recorded again later and lifted again keeps both decisions. What the
 * child said, or why the child could not say it, is sealed like the child's other words.
 */
export class FearLift1766000000001 implements MigrationInterface {
  public readonly name = 'FearLift1766000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE fear_lift (
        id uuid NOT NULL,
        case_id uuid NOT NULL,
        fear_recorded_at timestamptz NOT NULL,
        decision_reference text NOT NULL,
        decided_at timestamptz NOT NULL,
        official text NOT NULL,
        child_views text NULL,
        child_views_unavailable_reason text NULL,
        lifted_by text NOT NULL,
        lifted_at timestamptz NOT NULL,
        CONSTRAINT pk_fear_lift PRIMARY KEY (id),
        CONSTRAINT fk_fear_lift_record FOREIGN KEY (case_id) REFERENCES legal_record (case_id),
        CONSTRAINT ck_fear_lift_child_heard CHECK (child_views IS NOT NULL OR child_views_unavailable_reason IS NOT NULL),
        CONSTRAINT ck_fear_lift_after_fear CHECK (decided_at >= fear_recorded_at)
      )`);
    await queryRunner.query(`CREATE INDEX ix_fear_lift_case ON fear_lift (case_id, lifted_at)`);
    for (const column of ['child_views', 'child_views_unavailable_reason']) {
      await queryRunner.query(`COMMENT ON COLUMN fear_lift.${column} IS 'sealed: FieldCipher, context fear_lift.${column}:<id>'`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE fear_lift`);
  }
}
