// What the benchmarks share: bench:intake's and bench:care's registrations, and the plain pg
// transactions their ceilings (and bench:platform's) are measured with.
import { Agent, request } from 'node:http';

import { Pool, PoolClient } from 'pg';

import { createEnvelope, eventSubject, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV1, caseRegisteredV2 } from '@opis/contracts-intake';
import { mintToken } from '@opis/platform';
import { inventedName } from '@opis/platform-tools';

/** An officer's token for each of `offices`, as the benchmarks register children there. */
export async function officerTokens(offices: readonly OfficeCode[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const office of new Set(offices)) tokens.set(office, await mintToken({ roles: ['officer'], offices: [office], subject: `bench-${office}` }));
  return tokens;
}

/**
 * POSTs one registration to intake over node:http with keep-alive (a lighter client than fetch, so
 * the load generator takes less of the two cores the service and Postgres need); resolves with the
 * case's id once intake answered 201.
 */
export function postRegistration(
  base: string,
  agent: Agent,
  tokens: ReadonlyMap<string, string>,
  input: ReturnType<typeof benchRegistration>,
): Promise<string> {
  const payload = JSON.stringify(input);
  return new Promise<string>((resolve, reject) => {
    const req = request(
      `${base}/v1/cases`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${tokens.get(input.encounter.officeCode)}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          response.statusCode === 201
            ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).caseId as string)
            : reject(new Error(`registration answered ${response.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Registration `i` of a benchmark: an unaccompanied child detected an hour ago at one of
 * `offices` (in turn). With `medicalEmergencyEvery`, every n-th child arrives with a medical
 * emergency (care then opens an urgent referral).
 */
export function benchRegistration(i: number, offices: readonly OfficeCode[], options: { medicalEmergencyEvery?: number } = {}) {
  const every = options.medicalEmergencyEvery;
  const sex = i % 2 ? 'F' : 'M';
  return {
    child: {
      // Names as many namesakes share them in an office (the duplicate search works as hard).
      ...inventedName('bench', i, sex),
      sex,
      age: { years: 6 + (i % 11), status: 'DECLARED' },
      nationality: ['GT', 'HN', 'SV', 'VE', 'HT'][i % 5],
      countryOfResidence: 'GT',
      languages: ['spa'],
      speaksSpanish: 'YES',
    },
    encounter: {
      officeCode: offices[i % offices.length],
      migrationPoint: 'Punto de prueba',
      detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      entryPath: 'DETECTED',
      accompaniment: 'UNACCOMPANIED',
    },
    screening: {
      protectionNeedIndicated: false,
      traffickingIndicators: false,
      medicalEmergency: every !== undefined && i % every === 0,
      disability: false,
      pregnant: false,
    },
  };
}

/** `body` in one plain pg transaction on a client of `pool`, rolled back when it throws: the benchmarks' ceilings. */
export async function plainTransaction(pool: Pool, body: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await body(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** What the plain rows take from a registration body. */
export interface IntakeRowsInput {
  child: {
    givenNames: string;
    familyNames: string;
    sex: string;
    age: { years: number };
    nationality: string;
    countryOfResidence: string;
    languages: string[];
    speaksSpanish: string;
  };
  encounter: { officeCode: OfficeCode; migrationPoint: string; detectedAt: string };
}

/**
 * The rows intake writes for registration `input` (person, case, outbox and audit rows, and the
 * Idempotency-Key's row when `idempotencyKey` is given), as plain statements in the caller's
 * transaction: the benchmarks' ceiling for intake.
 */
export async function insertIntakeRows(client: PoolClient, input: IntakeRowsInput, idempotencyKey?: string): Promise<void> {
  const personId = uuidv7();
  const caseId = uuidv7();
  const office = input.encounter.officeCode;
  const [{ value }] = (await client.query('SELECT next_case_sequence($1, 2026) AS value', [office])).rows;
  const now = new Date();
  await client.query(
    // birth_year as registration writes it (the year less the declared age): it is what puts the
    // person's name keys in the duplicate search's index, a write registration pays too.
    `INSERT INTO person (id, given_names, family_names, search_name, sex, date_of_birth, birth_year, nationality, country_of_residence, languages, speaks_spanish, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, NULL, $11, $6, $7, $8, $9, $10, $10)`,
    [
      personId,
      input.child.givenNames,
      input.child.familyNames,
      `${input.child.givenNames} ${input.child.familyNames}`.toLowerCase(),
      input.child.sex,
      input.child.nationality,
      input.child.countryOfResidence,
      input.child.languages,
      input.child.speaksSpanish,
      now,
      now.getUTCFullYear() - input.child.age.years,
    ],
  );
  await client.query(
    `INSERT INTO intake_case (id, case_number, person_id, office_code, status, age_years, age_status, age_candidates, age_for_rules, age_band, migration_point_code, migration_point, detected_at, entry_path, accompaniment, accompaniment_evidence, household_id, protection_need_indicated, trafficking_indicators, medical_emergency, disability, pregnant, registered_by, registered_at, updated_at, version)
     VALUES ($1, $2, $3, $4, 'OPEN', $5, 'DECLARED', '{}', $5, $6, $10, $7, $8, 'DETECTED', 'UNACCOMPANIED', '[]', NULL, false, false, false, false, false, 'bench', $9, $9, 1)`,
    [caseId, `${office}-2026-${String(value).padStart(6, '0')}`, personId, office, input.child.age.years, input.child.age.years < 12 ? '0-11' : '12-17', input.encounter.migrationPoint, input.encounter.detectedAt, now, `${office}-OTRO`],
  );
  if (idempotencyKey !== undefined) {
    await client.query(
      `INSERT INTO idempotency_key (subject, idempotency_key, request_hash, created_at, response_status, response_location, response_office_code, response_case_id)
       VALUES ('bench', $1, 'hash', $3, 201, $4, $5, $2)`,
      [idempotencyKey, caseId, now, `/v1/cases/${caseId}`, office],
    );
  }
  // Both versions of the registration, as intake writes them.
  for (const contract of [caseRegisteredV2, caseRegisteredV1]) {
    const envelope = createEnvelope({ name: contract.name, caseId, officeCode: office, actor: { kind: 'officer', id: 'bench' }, data: {} });
    await client.query(`INSERT INTO outbox (id, subject, event_type, case_id, payload) VALUES ($1, $2, $3, $4, $5)`, [
      envelope.id,
      eventSubject(contract.name, office),
      envelope.type,
      caseId,
      JSON.stringify(envelope),
    ]);
  }
  await client.query(
    `INSERT INTO audit_log (id, occurred_at, actor_subject, actor_roles, action, case_id, office_code, outcome)
     VALUES ($1, $2, 'bench', '{officer}', 'case.register', $3, $4, 'allowed')`,
    [uuidv7(), now, caseId, office],
  );
}
