import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DOMAIN.md 4.5 a: an aborted return reopens the PAM only when it stopped after the resolution
 * the PAM stands on, so every resolution carries its time. A resolved record without one (none is
 * written so, but a resolution older than the rule may be) takes the earliest time it can have
 * been resolved at, the PAM's opening: every abort then counts as current and reopens it, which
 * stops the return rather than letting it through.
 */
export class ProcedureResolvedAt1766000000011 implements MigrationInterface {
  public readonly name = 'ProcedureResolvedAt1766000000011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE legal_record SET procedure_resolved_at = COALESCE(procedure_opened_at, opened_at)
       WHERE procedure_resolution IS NOT NULL AND procedure_resolved_at IS NULL`);
    await queryRunner.query(`
      ALTER TABLE legal_record ADD CONSTRAINT legal_record_resolved_at_ck CHECK (procedure_resolution IS NULL OR procedure_resolved_at IS NOT NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE legal_record DROP CONSTRAINT legal_record_resolved_at_ck`);
  }
}
