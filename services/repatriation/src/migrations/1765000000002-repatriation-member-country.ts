import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RP-06: the family the child returns to must live in the country of return. family-contact's
 * `member.located` carries where the person lives (the contact's country, fixed once named);
 * verification follows location, so the copy keeps it for the verified member. NULL: not known,
 * which does not meet RP-06.
 */
export class RepatriationMemberCountry1765000000002 implements MigrationInterface {
  public readonly name = 'RepatriationMemberCountry1765000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE family_member_copy ADD COLUMN country char(2) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE family_member_copy DROP COLUMN country`);
  }
}
