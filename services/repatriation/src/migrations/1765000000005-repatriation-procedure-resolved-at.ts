import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When legal-status resolved the PAM (the `legal.procedure.changed` envelope's occurredAt when it
 * became RESOLVED): a return stands only on a resolution made after the case's last abort, since
 * legal-status learns of an abort by event and answers the PAM resolved until it has applied it
 * (INV-01, GD-08, LM-06). NULL: not resolved, or resolved at a time this copy never saw; rows
 * written before this migration stay NULL, which holds a case with an abort back until
 * legal-status resolves again (fail safe, never a guess from updated_at).
 */
export class RepatriationProcedureResolvedAt1765000000005 implements MigrationInterface {
  public readonly name = 'RepatriationProcedureResolvedAt1765000000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE legal_copy ADD COLUMN procedure_resolved_at timestamptz NULL`);
    // Every step of a return asks for the case's last abort.
    await queryRunner.query(`CREATE INDEX return_plan_aborted_idx ON return_plan (case_id, aborted_at) WHERE status = 'ABORTED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX return_plan_aborted_idx`);
    await queryRunner.query(`ALTER TABLE legal_copy DROP COLUMN procedure_resolved_at`);
  }
}
