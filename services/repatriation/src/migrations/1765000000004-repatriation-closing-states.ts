import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DOMAIN.md 4.5 (issue 18, item 11): the return plan closes after the hand-over (with an optional
 * follow-up or reintegration note); the reception gains PROCURADURIA_MEASURE (a positive risk
 * screen, US-06, or intrafamily violence, LM-15), FAMILY_CONTACTED (US-05) and CLOSED.
 */
export class RepatriationClosingStates1765000000004 implements MigrationInterface {
  public readonly name = 'RepatriationClosingStates1765000000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE return_plan
        DROP CONSTRAINT return_plan_status_check,
        ADD CONSTRAINT return_plan_status_check CHECK (status IN ('PROPOSED', 'APPROVED', 'SCHEDULED', 'IN_TRANSIT', 'HANDED_OVER', 'ABORTED', 'CLOSED')),
        ADD COLUMN closed_at timestamptz NULL,
        ADD COLUMN closed_by text NULL,
        ADD COLUMN follow_up_note text NULL`);
    await queryRunner.query(`
      ALTER TABLE reception
        DROP CONSTRAINT reception_status_check,
        ADD CONSTRAINT reception_status_check CHECK (status IN ('NOTICE_RECEIVED', 'RECEIVED_AT_POINT', 'CHANNELLED_DIF_MODULE', 'HANDED_TO_FAMILY',
                                                                'TRANSFERRED_STATE_DIF', 'PROCURADURIA_MEASURE', 'FAMILY_CONTACTED', 'CLOSED')),
        ADD COLUMN procuraduria_referred_at timestamptz NULL,
        ADD COLUMN family_contact_id uuid NULL,
        ADD COLUMN family_contacted_at timestamptz NULL,
        ADD COLUMN closed_at timestamptz NULL,
        ADD COLUMN closed_by text NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE reception
        DROP COLUMN closed_by, DROP COLUMN closed_at, DROP COLUMN family_contacted_at, DROP COLUMN family_contact_id, DROP COLUMN procuraduria_referred_at,
        DROP CONSTRAINT reception_status_check,
        ADD CONSTRAINT reception_status_check CHECK (status IN ('NOTICE_RECEIVED', 'RECEIVED_AT_POINT', 'CHANNELLED_DIF_MODULE', 'HANDED_TO_FAMILY', 'TRANSFERRED_STATE_DIF'))`);
    await queryRunner.query(`
      ALTER TABLE return_plan
        DROP COLUMN follow_up_note, DROP COLUMN closed_by, DROP COLUMN closed_at,
        DROP CONSTRAINT return_plan_status_check,
        ADD CONSTRAINT return_plan_status_check CHECK (status IN ('PROPOSED', 'APPROVED', 'SCHEDULED', 'IN_TRANSIT', 'HANDED_OVER', 'ABORTED'))`);
  }
}
