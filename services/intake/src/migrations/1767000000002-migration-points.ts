import { MigrationInterface, QueryRunner } from 'typeorm';

import { OFFICE_CODES } from '@opis/contracts-envelope';

/**
 * The first registered migration points: the southern and northern land crossings and the
 * airports where most children are met. Administrators add the rest (`PUT /v1/migration-points/{code}`).
 */
const FIRST_POINTS: ReadonlyArray<readonly [code: string, name: string, kind: string]> = [
  ['CHP-CIUDAD-HIDALGO', 'Ciudad Hidalgo, puente Rodolfo Robles', 'LAND'],
  ['CHP-TALISMAN', 'Talismán', 'LAND'],
  ['CHP-CIUDAD-CUAUHTEMOC', 'Ciudad Cuauhtémoc', 'LAND'],
  ['CHP-AEROPUERTO-TAPACHULA', 'Aeropuerto Internacional de Tapachula', 'AIR'],
  ['TAB-EL-CEIBO', 'El Ceibo', 'LAND'],
  ['ROO-SUBTENIENTE-LOPEZ', 'Subteniente López, Chetumal', 'LAND'],
  ['ROO-AEROPUERTO-CANCUN', 'Aeropuerto Internacional de Cancún', 'AIR'],
  ['CMX-AICM', 'Aeropuerto Internacional de la Ciudad de México', 'AIR'],
  ['BCN-EL-CHAPARRAL', 'Tijuana, El Chaparral', 'LAND'],
  ['BCN-MEXICALI', 'Mexicali', 'LAND'],
  ['SON-NOGALES', 'Nogales', 'LAND'],
  ['SON-SAN-LUIS-RIO-COLORADO', 'San Luis Río Colorado', 'LAND'],
  ['CHH-CIUDAD-JUAREZ', 'Ciudad Juárez, puente Paso del Norte', 'LAND'],
  ['COA-PIEDRAS-NEGRAS', 'Piedras Negras', 'LAND'],
  ['COA-CIUDAD-ACUNA', 'Ciudad Acuña', 'LAND'],
  ['NLE-COLOMBIA', 'Puente Colombia', 'LAND'],
  ['TAM-NUEVO-LAREDO', 'Nuevo Laredo', 'LAND'],
  ['TAM-REYNOSA', 'Reynosa', 'LAND'],
  ['TAM-MATAMOROS', 'Matamoros', 'LAND'],
  ['VER-PUERTO-VERACRUZ', 'Puerto de Veracruz', 'SEA'],
];

/**
 * Issue 19: events carry a coded migration point, not the officer's words. Intake keeps the
 * reference list (each point belongs to one office); a case names its point by code, and the
 * officer's description of the place stays in intake, optional. Every office has an `-OTRO`
 * point for a child met elsewhere (a road check, a bus station): existing cases move to it,
 * keeping their text.
 */
export class MigrationPoints1767000000002 implements MigrationInterface {
  public readonly name = 'MigrationPoints1767000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE migration_point (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}-[A-Z0-9]+(-[A-Z0-9]+)*$' AND length(code) <= 40),
        office_code text NOT NULL CHECK (left(code, 3) = office_code),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
        kind text NOT NULL CHECK (kind IN ('LAND', 'AIR', 'SEA', 'OTHER')),
        active boolean NOT NULL DEFAULT true,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX migration_point_office_idx ON migration_point (office_code, code)`);
    const points = [
      ...OFFICE_CODES.map((office) => [`${office}-OTRO`, `Otro lugar (oficina ${office})`, 'OTHER'] as const),
      ...FIRST_POINTS,
    ];
    await queryRunner.query(
      `INSERT INTO migration_point (code, office_code, name, kind, updated_by)
       SELECT code, left(code, 3), name, kind, 'migration' FROM unnest($1::text[], $2::text[], $3::text[]) AS p(code, name, kind)`,
      [points.map((p) => p[0]), points.map((p) => p[1]), points.map((p) => p[2])],
    );
    await queryRunner.query(`ALTER TABLE intake_case ADD COLUMN migration_point_code text REFERENCES migration_point (code)`);
    await queryRunner.query(`UPDATE intake_case SET migration_point_code = office_code || '-OTRO'`);
    await queryRunner.query(`ALTER TABLE intake_case ALTER COLUMN migration_point_code SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE intake_case ALTER COLUMN migration_point DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE intake_case c SET migration_point = p.name FROM migration_point p WHERE c.migration_point IS NULL AND p.code = c.migration_point_code`);
    await queryRunner.query(`ALTER TABLE intake_case ALTER COLUMN migration_point SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE intake_case DROP COLUMN migration_point_code`);
    await queryRunner.query(`DROP TABLE migration_point`);
  }
}
