import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GD-02: a PAM resolution records the weighing of its consequences for the child (sealed, like the
 * child's words: it speaks of the child's situation) and the best-interests determination it rests on.
 */
export class ResolutionImpact1766000000002 implements MigrationInterface {
  public readonly name = 'ResolutionImpact1766000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE legal_record
        ADD COLUMN procedure_impact_assessment text NULL,
        ADD COLUMN procedure_plan_id uuid NULL CONSTRAINT legal_record_procedure_plan_fk REFERENCES best_interests_record (id)`);
    await queryRunner.query(`COMMENT ON COLUMN legal_record.procedure_impact_assessment IS 'sealed: FieldCipher, context legal_record.procedure_impact_assessment:<case_id>'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE legal_record DROP COLUMN procedure_impact_assessment, DROP COLUMN procedure_plan_id`);
  }
}
