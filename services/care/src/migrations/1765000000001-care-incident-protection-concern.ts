import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An incident may record that the child disclosed fear of return or a protection need (issue 18,
 * INV-01, GD-08). The code is what `care.incident.reported` carries to legal-status; the account
 * stays in `notes`.
 */
export class CareIncidentProtectionConcern1765000000001 implements MigrationInterface {
  public readonly name = 'CareIncidentProtectionConcern1765000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE incident ADD COLUMN protection_concern text NULL
        CONSTRAINT incident_protection_concern_ck CHECK (protection_concern IN ('FEAR_OF_RETURN', 'PROTECTION_NEED'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incident DROP COLUMN protection_concern`);
  }
}
