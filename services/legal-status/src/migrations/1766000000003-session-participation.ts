import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * INF-02: who was present when the child was informed or heard, how the session was made
 * accessible, and whether hearing the child was judged appropriate and why (the reason sealed: it
 * speaks of the child's age, maturity and state). Sessions recorded before stay NULL: not recorded.
 */
export class SessionParticipation1766000000003 implements MigrationInterface {
  public readonly name = 'SessionParticipation1766000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE information_session
        ADD COLUMN persons_present jsonb NULL,
        ADD COLUMN accessibility_adaptations text[] NULL,
        ADD COLUMN hearing_appropriate boolean NULL,
        ADD COLUMN hearing_appropriateness_reason text NULL`);
    await queryRunner.query(
      `COMMENT ON COLUMN information_session.hearing_appropriateness_reason IS 'sealed: FieldCipher, context information_session.hearing_appropriateness_reason:<id>'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE information_session
        DROP COLUMN persons_present, DROP COLUMN accessibility_adaptations, DROP COLUMN hearing_appropriate, DROP COLUMN hearing_appropriateness_reason`);
  }
}
