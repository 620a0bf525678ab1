import { MigrationInterface, QueryRunner } from 'typeorm';

/** Seed values marked [U] in DOMAIN.md (RP-07, RP-08, US-03, US-04, 8.4, 8.5, 8.9): edit them through the admin endpoints. */
const RECEIVING_COUNTRIES = [
  { country: 'GT', timeZone: 'America/Guatemala', weekdays: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '16:00', noticeHours: 72 },
  { country: 'HN', timeZone: 'America/Tegucigalpa', weekdays: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '15:00', noticeHours: 72 },
  { country: 'SV', timeZone: 'America/El_Salvador', weekdays: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '15:00', noticeHours: 72 },
];

const EXIT_POINTS = [
  { country: 'GT', code: 'MX-CHP-CIUDAD-HIDALGO', name: 'Ciudad Hidalgo – Tecún Umán' },
  { country: 'GT', code: 'MX-CHP-TALISMAN', name: 'Talismán – El Carmen' },
  { country: 'HN', code: 'MX-CHP-CIUDAD-HIDALGO', name: 'Ciudad Hidalgo (vía terrestre)' },
  { country: 'HN', code: 'MX-CMX-AICM', name: 'Aeropuerto Internacional de la Ciudad de México' },
  { country: 'SV', code: 'MX-CHP-CIUDAD-HIDALGO', name: 'Ciudad Hidalgo (vía terrestre)' },
  { country: 'SV', code: 'MX-CMX-AICM', name: 'Aeropuerto Internacional de la Ciudad de México' },
];

const RECEIVING_AUTHORITIES = [
  { country: 'GT', code: 'GT-SBS', institution: 'Secretaría de Bienestar Social' },
  { country: 'GT', code: 'GT-PGN', institution: 'Procuraduría General de la Nación' },
  { country: 'HN', code: 'HN-DINAF', institution: 'Dirección de Niñez, Adolescencia y Familia' },
  { country: 'SV', code: 'SV-CONNA', institution: 'Consejo Nacional de la Niñez y de la Adolescencia' },
  { country: 'SV', code: 'SV-ISNA', institution: 'Instituto Salvadoreño para el Desarrollo Integral de la Niñez y la Adolescencia' },
];

/** The 12 points of US-03 (11 on the border plus Mexico City); hours for unaccompanied children are daylight [U]. */
const REPATRIATION_POINTS = [
  { code: 'MX-BCN-TIJUANA', name: 'Tijuana (El Chaparral)', officeCode: 'BCN', timeZone: 'America/Tijuana' },
  { code: 'MX-BCN-MEXICALI', name: 'Mexicali', officeCode: 'BCN', timeZone: 'America/Tijuana' },
  { code: 'MX-SON-SAN-LUIS-RIO-COLORADO', name: 'San Luis Río Colorado', officeCode: 'SON', timeZone: 'America/Hermosillo' },
  { code: 'MX-SON-NOGALES', name: 'Nogales (DeConcini)', officeCode: 'SON', timeZone: 'America/Hermosillo' },
  { code: 'MX-CHH-CIUDAD-JUAREZ', name: 'Ciudad Juárez (Paso del Norte)', officeCode: 'CHH', timeZone: 'America/Ciudad_Juarez' },
  { code: 'MX-CHH-OJINAGA', name: 'Ojinaga', officeCode: 'CHH', timeZone: 'America/Ojinaga' },
  { code: 'MX-COA-CIUDAD-ACUNA', name: 'Ciudad Acuña', officeCode: 'COA', timeZone: 'America/Matamoros' },
  { code: 'MX-COA-PIEDRAS-NEGRAS', name: 'Piedras Negras', officeCode: 'COA', timeZone: 'America/Matamoros' },
  { code: 'MX-TAM-NUEVO-LAREDO', name: 'Nuevo Laredo', officeCode: 'TAM', timeZone: 'America/Matamoros' },
  { code: 'MX-TAM-REYNOSA', name: 'Reynosa', officeCode: 'TAM', timeZone: 'America/Matamoros' },
  { code: 'MX-TAM-MATAMOROS', name: 'Matamoros', officeCode: 'TAM', timeZone: 'America/Matamoros' },
  { code: 'MX-CMX-AICM', name: 'Ciudad de México (vuelos de repatriación al interior)', officeCode: 'CMX', timeZone: 'America/Mexico_City' },
];

export class RepatriationSchema1764500000000 implements MigrationInterface {
  public readonly name = 'RepatriationSchema1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Copies from other services' events: categories and flags only, never identity.
    await queryRunner.query(`
      CREATE TABLE case_copy (
        case_id uuid PRIMARY KEY,
        office_code char(3) NOT NULL,
        entry_path text NOT NULL,
        age_band text NOT NULL,
        sex char(1) NOT NULL,
        nationality char(2) NOT NULL,
        accompaniment text NOT NULL,
        protection_need_indicated boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // Each fact keeps the stream sequence it came from: an older event retried after a nak never undoes a newer one.
    await queryRunner.query(`
      CREATE TABLE legal_copy (
        case_id uuid PRIMARY KEY,
        return_locked boolean NOT NULL DEFAULT false,
        lock_reasons text[] NOT NULL DEFAULT '{}',
        lock_seq bigint NULL,
        protection_status text NULL,
        protection_seq bigint NULL,
        bi_recommends_return boolean NOT NULL DEFAULT false,
        bi_seq bigint NULL,
        return_informed_at timestamptz NULL,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE TABLE family_member_copy (
        case_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        relationship text NOT NULL,
        status text NOT NULL CHECK (status IN ('LOCATED', 'VERIFIED', 'FLAGGED')),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (case_id, contact_id)
      )`);

    // RP-07, RP-08: the per-country arrangement (window in the receiving country's local time).
    await queryRunner.query(`
      CREATE TABLE receiving_country (
        country char(2) PRIMARY KEY,
        time_zone text NOT NULL,
        weekdays smallint[] NOT NULL,
        opens_at text NOT NULL CHECK (opens_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        closes_at text NOT NULL CHECK (closes_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        notice_hours integer NOT NULL CHECK (notice_hours >= 0),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_by text NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE exit_point (
        country char(2) NOT NULL REFERENCES receiving_country (country) ON DELETE CASCADE,
        code text NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (country, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE receiving_authority (
        code text PRIMARY KEY,
        country char(2) NOT NULL REFERENCES receiving_country (country) ON DELETE CASCADE,
        institution text NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE return_plan (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES case_copy (case_id),
        office_code char(3) NOT NULL,
        receiving_country char(2) NOT NULL,
        status text NOT NULL CHECK (status IN ('PROPOSED', 'APPROVED', 'SCHEDULED', 'IN_TRANSIT', 'HANDED_OVER', 'ABORTED')),
        family_contact_id uuid NULL,
        authority_code text NULL,
        authority_official_position text NULL,
        authority_accepted_at timestamptz NULL,
        takes_guardianship boolean NOT NULL DEFAULT false,
        fit_to_travel boolean NULL,
        fitness_assessed_at timestamptz NULL,
        exit_point_code text NULL,
        handover_at timestamptz NULL,
        approved_at timestamptz NULL,
        approved_by text NULL,
        departed_at timestamptz NULL,
        handed_over_at timestamptz NULL,
        aborted_at timestamptz NULL,
        abort_reason text NULL,
        proposed_at timestamptz NOT NULL,
        proposed_by text NOT NULL
      )`);
    // One plan at a time per child: a new one only after hand-over or abort.
    await queryRunner.query(
      `CREATE UNIQUE INDEX return_plan_one_open_idx ON return_plan (case_id) WHERE status IN ('PROPOSED', 'APPROVED', 'SCHEDULED', 'IN_TRANSIT')`,
    );
    await queryRunner.query(`
      CREATE TABLE plan_leg (
        plan_id uuid NOT NULL REFERENCES return_plan (id),
        seq smallint NOT NULL,
        mode text NOT NULL,
        origin text NOT NULL,
        destination text NOT NULL,
        departs_at timestamptz NOT NULL,
        escort_officer_ids text[] NOT NULL CHECK (cardinality(escort_officer_ids) >= 1),
        PRIMARY KEY (plan_id, seq)
      )`);
    await queryRunner.query(`
      CREATE TABLE plan_handover (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL UNIQUE REFERENCES return_plan (id),
        authority_code text NOT NULL,
        official_name text NOT NULL,
        official_position text NOT NULL,
        place text NOT NULL,
        handed_over_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);

    // US-03: the registered repatriation points, with the hours for unaccompanied children (local time).
    await queryRunner.query(`
      CREATE TABLE repatriation_point (
        code text PRIMARY KEY,
        name text NOT NULL,
        office_code char(3) NOT NULL,
        time_zone text NOT NULL,
        unaccompanied_weekdays smallint[] NOT NULL,
        unaccompanied_opens_at text NOT NULL CHECK (unaccompanied_opens_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        unaccompanied_closes_at text NOT NULL CHECK (unaccompanied_closes_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_by text NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE reception (
        id uuid PRIMARY KEY,
        office_code char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('NOTICE_RECEIVED', 'RECEIVED_AT_POINT', 'CHANNELLED_DIF_MODULE', 'HANDED_TO_FAMILY', 'TRANSFERRED_STATE_DIF')),
        us_agency text NOT NULL,
        us_station text NOT NULL,
        us_reference text NOT NULL,
        expected_point_code text NOT NULL REFERENCES repatriation_point (code),
        expected_at timestamptz NOT NULL,
        consulate_notified boolean NOT NULL,
        us_screening_record boolean NOT NULL,
        point_code text NULL REFERENCES repatriation_point (code),
        arrived_at timestamptz NULL,
        accompaniment text NULL,
        case_id uuid NULL UNIQUE REFERENCES case_copy (case_id),
        risk_screened_at timestamptz NULL,
        risk_findings text[] NULL,
        measure_reference text NULL,
        measure_issued_at timestamptz NULL,
        dif_platform_id text NULL,
        channelled_at timestamptz NULL,
        handed_over_at timestamptz NULL,
        opened_at timestamptz NOT NULL,
        opened_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX reception_office_idx ON reception (office_code, status)`);
    await queryRunner.query(`
      CREATE TABLE reception_handover (
        id uuid PRIMARY KEY,
        reception_id uuid NOT NULL UNIQUE REFERENCES reception (id),
        kind text NOT NULL CHECK (kind IN ('FAMILY', 'STATE_DIF')),
        family_contact_id uuid NULL,
        identity_evidence text[] NOT NULL,
        kinship_evidence text[] NOT NULL,
        home_state char(3) NULL,
        escort_officer_ids text[] NOT NULL,
        handed_over_at timestamptz NOT NULL,
        recorded_by text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        reception_id uuid NOT NULL REFERENCES reception (id),
        point_code text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (reception_id, kind)
      )`);

    for (const row of RECEIVING_COUNTRIES) {
      await queryRunner.query(
        `INSERT INTO receiving_country (country, time_zone, weekdays, opens_at, closes_at, notice_hours) VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.country, row.timeZone, row.weekdays, row.opensAt, row.closesAt, row.noticeHours],
      );
    }
    for (const row of EXIT_POINTS) {
      await queryRunner.query(`INSERT INTO exit_point (country, code, name) VALUES ($1, $2, $3)`, [row.country, row.code, row.name]);
    }
    for (const row of RECEIVING_AUTHORITIES) {
      await queryRunner.query(`INSERT INTO receiving_authority (code, country, institution) VALUES ($1, $2, $3)`, [row.code, row.country, row.institution]);
    }
    for (const row of REPATRIATION_POINTS) {
      await queryRunner.query(
        `INSERT INTO repatriation_point (code, name, office_code, time_zone, unaccompanied_weekdays, unaccompanied_opens_at, unaccompanied_closes_at)
         VALUES ($1, $2, $3, $4, '{1,2,3,4,5,6,7}', '07:00', '19:00')`,
        [row.code, row.name, row.officeCode, row.timeZone],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'incident',
      'reception_handover',
      'reception',
      'repatriation_point',
      'plan_handover',
      'plan_leg',
      'return_plan',
      'receiving_authority',
      'exit_point',
      'receiving_country',
      'family_member_copy',
      'legal_copy',
      'case_copy',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
