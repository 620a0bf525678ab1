import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registrations are counted by the migration point's code (v2 of `intake.case.registered`,
 * issue 19). What v1 carried before was the officer's own words, which a statistics database
 * has no reason to keep: rows holding anything but a code lose it, and report as an unknown point.
 */
export class StatisticsCodedPoints1766700000001 implements MigrationInterface {
  public readonly name = 'StatisticsCodedPoints1766700000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE stat_case SET migration_point = NULL WHERE migration_point !~ '^[A-Z]{3}-[A-Z0-9]+(-[A-Z0-9]+)*$'`);
    await queryRunner.query(`ALTER TABLE stat_case RENAME COLUMN migration_point TO migration_point_code`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stat_case RENAME COLUMN migration_point_code TO migration_point`);
  }
}
