import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, item 10 (repatriation's parts):
 * - LM-13: the receiving official's name and contact on the plan (personal data: repatriation
 *   keeps it, never an event or a log);
 * - RP-09: intake's trafficking flag in the case copy, and the trafficking checklist on the plan
 *   (risk assessment in the country of origin, the receiving authority's protection plan);
 * - RP-10, INV-09: the Procuraduría plan's endorsement of a family-unit return, and whether the
 *   child travels with the family's adults;
 * - LM-15: the causes of migration of a Mexican child received from the USA.
 */
export class RepatriationReturnSafeguards1765000000003 implements MigrationInterface {
  public readonly name = 'RepatriationReturnSafeguards1765000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Copies made before this come from registrations whose flag was not kept: false until a correction says.
    await queryRunner.query(`ALTER TABLE case_copy ADD COLUMN trafficking_indicated boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      ALTER TABLE return_plan
        ADD COLUMN authority_official_name text NULL,
        ADD COLUMN authority_official_contact text NULL,
        ADD COLUMN origin_risk_reference text NULL,
        ADD COLUMN origin_risk_assessed_at timestamptz NULL,
        ADD COLUMN origin_return_safe boolean NULL,
        ADD COLUMN protection_plan_reference text NULL,
        ADD COLUMN protection_plan_confirmed_at timestamptz NULL,
        ADD COLUMN family_unit_best_interests_id uuid NULL,
        ADD COLUMN family_unit_adult_relationship text NULL,
        ADD COLUMN family_unit_endorsed_at timestamptz NULL,
        ADD COLUMN family_unit_recorded_by text NULL,
        ADD COLUMN with_family_adults boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      ALTER TABLE reception
        ADD COLUMN causes_of_migration text[] NULL,
        ADD COLUMN causes_recorded_at timestamptz NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reception DROP COLUMN causes_recorded_at, DROP COLUMN causes_of_migration`);
    await queryRunner.query(`
      ALTER TABLE return_plan
        DROP COLUMN with_family_adults,
        DROP COLUMN family_unit_recorded_by,
        DROP COLUMN family_unit_endorsed_at,
        DROP COLUMN family_unit_adult_relationship,
        DROP COLUMN family_unit_best_interests_id,
        DROP COLUMN protection_plan_confirmed_at,
        DROP COLUMN protection_plan_reference,
        DROP COLUMN origin_return_safe,
        DROP COLUMN origin_risk_assessed_at,
        DROP COLUMN origin_risk_reference,
        DROP COLUMN authority_official_contact,
        DROP COLUMN authority_official_name`);
    await queryRunner.query(`ALTER TABLE case_copy DROP COLUMN trafficking_indicated`);
  }
}
