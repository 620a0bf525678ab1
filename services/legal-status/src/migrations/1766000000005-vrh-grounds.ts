import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LM-17: the grounds of a foreign child's humanitarian stay (VRH), one row per ground: NNA for
 * every foreign child (LM-03), SOLICITANTE while a protection claim stands, VICTIMA_TESTIGO for a
 * possible victim of trafficking (RLM-05). Records open before get their NNA ground here.
 */
export class VrhGrounds1766000000005 implements MigrationInterface {
  public readonly name = 'VrhGrounds1766000000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE vrh_ground (
        case_id uuid NOT NULL,
        vrh_type text NOT NULL,
        since timestamptz NOT NULL,
        source text NOT NULL,
        ended_at timestamptz NULL,
        CONSTRAINT pk_vrh_ground PRIMARY KEY (case_id, vrh_type),
        CONSTRAINT fk_vrh_ground_record FOREIGN KEY (case_id) REFERENCES legal_record (case_id),
        CONSTRAINT ck_vrh_ground_type CHECK (vrh_type IN ('NNA', 'SOLICITANTE', 'VICTIMA_TESTIGO'))
      )`);
    await queryRunner.query(`
      INSERT INTO vrh_ground (case_id, vrh_type, since, source)
      SELECT case_id, 'NNA', opened_at, 'REGISTRATION' FROM legal_record WHERE nationality <> 'MX'`);
    await queryRunner.query(`
      INSERT INTO vrh_ground (case_id, vrh_type, since, source, ended_at)
      SELECT case_id, 'SOLICITANTE', claim_filed_at, 'CLAIM',
             CASE WHEN protection_status IN ('FINAL_DENIED', 'WITHDRAWN', 'RECOGNIZED_REFUGEE', 'COMPLEMENTARY_PROTECTION') THEN updated_at END
        FROM legal_record WHERE nationality <> 'MX' AND claim_filed_at IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE vrh_ground`);
  }
}
