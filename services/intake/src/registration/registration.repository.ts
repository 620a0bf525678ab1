import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { queryPrepared, SqlWrite } from '@opis/platform';

import { CaseEntity } from '../cases/case.entity';
import { PersonEntity } from '../people/person.entity';
import {
  AGE_EXCLUSION_YEARS,
  AGE_TOLERANCE_YEARS,
  DUPLICATE_LIMIT,
  DUPLICATE_WEIGHTS,
  DuplicateCandidateRow,
  nameSimilarityNeeded,
  ONE_TOKEN_MORE_SIMILARITY,
} from './duplicate-score';

export interface DuplicateSearch {
  searchName: string;
  dateOfBirth: string | null;
  nationality: string;
  /**
   * The child's recorded sex. Name lookups read namesakes of this sex (and those recorded `X`)
   * only; a same-day birth is read whatever the sex, so a sex recorded wrongly once is found
   * through a date of birth, not through the name alone.
   */
  sex: string;
  offices: readonly OfficeCode[];
  excludePersonId?: string;
  /** The child's age, for the score's age agreement and the birth years read. */
  ageYears: number;
}

const YEAR_IN_MEXICO = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Mexico_City', year: 'numeric' });

/** The year a registration at `at` belongs to: its case number's, and the one ages are carried from. */
export function registrationYear(at: Date): number {
  return Number(YEAR_IN_MEXICO.format(at));
}

/**
 * The person's birth year as the duplicate search's indexes read it: the documented year, else
 * the year of registration less the declared age (UTC, as the migration's backfill and triggers).
 */
export function estimatedBirthYear(dateOfBirth: string | null, registeredAt: Date, ageYears: number): number {
  return dateOfBirth ? Number(dateOfBirth.slice(0, 4)) : registeredAt.getUTCFullYear() - ageYears;
}

/**
 * The birth years a name lookup reads. A candidate without a documented date of birth is kept by
 * the score when its age carried to today is within AGE_EXCLUSION_YEARS of the child's; its
 * estimate is then within [year − age − exclusion − 1, year − age + exclusion] (the estimate's
 * year of registration may be one past the whole years elapsed). A documented one can sit a year
 * lower still (birthday not yet reached when registered), and one more year either side absorbs a
 * date of birth and an age that disagree by a year. A documented date of birth of the child's own
 * is always inside.
 */
export function birthYearsRead(year: number, ageYears: number, dateOfBirth: string | null): { from: number; to: number } {
  const declared = year - ageYears;
  const documented = dateOfBirth ? Number(dateOfBirth.slice(0, 4)) : declared;
  return {
    from: Math.min(declared, documented) - AGE_EXCLUSION_YEARS - 3,
    to: Math.max(declared, documented) + AGE_EXCLUSION_YEARS + 1,
  };
}

function insertRow(table: string, columns: ReadonlyArray<[string, unknown]>): SqlWrite {
  return {
    sql: `INSERT INTO ${table} (${columns.map(([column]) => column).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    params: columns.map(([, value]) => value),
  };
}

/**
 * One of the search's name lookups (DUPLICATES_SQL), asked year by year in the order of $18 (the
 * child's birth year nearest first) and stopping at `limit` rows ($15, SAME_NAME_READ, or $20,
 * KEYED_NAMESAKES_READ).
 */
function byBirthYear(alias: string, condition: string, limit: '$15' | '$20'): string {
  return `(SELECT ${alias}.*
             FROM unnest($18::int[]) AS y(birth_year)
            CROSS JOIN LATERAL (
              SELECT p.id, p.search_name, p.phonetic_name, p.date_of_birth, p.nationality
                FROM person p
               WHERE ${condition}
               LIMIT ${limit}) ${alias}
            LIMIT ${limit})`;
}

/** Persons of the child's sexes ($17) and of that birth year sharing one of the input's `keys` (GIN). */
function namesakesByKeys(keys: 'near_keys' | 'typo_keys'): string {
  return `person_name_keys_at(p.name_keys, ARRAY[p.sex::text], p.birth_year)
                     && (SELECT person_name_keys_at(${keys}, $17::text[], y.birth_year) FROM input)`;
}

/** SQL expressions for one person's name: as written, its phonetic code, and the code's tokens. */
export interface NameColumns {
  name: string;
  phonetic: string;
  tokens: string;
}

/**
 * How near a found person's name is to the searched one, 0 to 1, as the search scores it: 1 for
 * the same phonetic code; `oneTokenMore` when one name is the other with one token more (a second
 * given or family name written once and not the other time), both of two tokens or more; else the
 * better trigram similarity of the names as written and of their codes. Exported so the duplicate
 * benchmark explains a miss with the very expression the search ranks by.
 */
export function nameSimilaritySql(found: NameColumns, searched: NameColumns, oneTokenMore: string): string {
  return `CASE WHEN ${found.phonetic} = ${searched.phonetic} THEN 1
                      WHEN abs(cardinality(${found.tokens}) - cardinality(${searched.tokens})) = 1
                           AND least(cardinality(${found.tokens}), cardinality(${searched.tokens})) >= 2
                           AND (${found.tokens} @> ${searched.tokens} OR ${found.tokens} <@ ${searched.tokens}) THEN ${oneTokenMore}
                      ELSE greatest(similarity(${found.name}, ${searched.name}), similarity(${found.phonetic}, ${searched.phonetic})) END`;
}

/**
 * A child's possible duplicates over the whole country: the register is national and the same child is met again at
 * another office (what the caller may see of it is decided by the caller). Candidates come
 * from indexed lookups, never a scan over similar names: the same name in its phonetic code
 * (any order and spelling; btree), names with one token more or fewer, names with one token
 * different (GIN on the name keys), each of the child's sex and of the birth years the score
 * can keep (birthYearsRead), and anyone born the same day whatever the sex (btree). A common
 * name has thousands of namesakes across the country, all scoring alike without a date of
 * birth; each name lookup reads a bounded few (SAME_NAME_READ, KEYED_NAMESAKES_READ), nearest
 * birth year first, so the search stays bounded and reads the namesakes the score ranks first (a
 * same-day birth, what sets a namesake apart, is always read). Candidates are then ranked by the
 * score itself, whose name similarity is the better of the names as written and of their
 * phonetic codes, leaving out those the score rules out (AGE_EXCLUSION_YEARS: another age,
 * another documented birth year); among equal scores, the nearest age first.
 * docs/performance/duplicates.md has what was tried, with figures.
 */
const DUPLICATES_SQL = `coalesce((
    SELECT json_agg(d ORDER BY d.rank DESC, d.age_gap, d.registered_at DESC)
      FROM (
        WITH input AS MATERIALIZED (
          -- The name's code and keys, computed once: in the lookups, a generic plan would compute them again for each row.
          SELECT phonetic, tokens, near_keys, typo_keys FROM person_name_search_terms($1)),
        found AS (
          ${byBirthYear('same', 'p.phonetic_name = (SELECT phonetic FROM input) AND p.sex = ANY($17::text[]::bpchar[]) AND p.birth_year = y.birth_year', '$15')}
          UNION
          ${byBirthYear('near', namesakesByKeys('near_keys'), '$20')}
          UNION
          ${byBirthYear('typo', namesakesByKeys('typo_keys'), '$20')}
          UNION
          SELECT p.id, p.search_name, p.phonetic_name, p.date_of_birth, p.nationality
            FROM person p
           WHERE $2::date IS NOT NULL AND p.date_of_birth = $2::date),
        near AS (
          SELECT found.id, coalesce(found.date_of_birth = $2::date, false) AS same_dob,
                 found.nationality = $3 AS same_nationality,
                 ${nameSimilaritySql(
                   { name: 'found.search_name', phonetic: 'found.phonetic_name', tokens: 'found.tokens' },
                   { name: '$1', phonetic: '(SELECT phonetic FROM input)', tokens: '(SELECT tokens FROM input)' },
                   '$19::real',
                 )} AS name_similarity
            FROM (SELECT found.*, string_to_array(found.phonetic_name, ' ') AS tokens FROM found) found
           WHERE ($4::uuid IS NULL OR found.id <> $4::uuid)
             AND (found.date_of_birth IS NULL OR $2::date IS NULL
                  OR date_trunc('year', found.date_of_birth) = date_trunc('year', $2::date)))
        SELECT * FROM (
          SELECT near.id AS person_id, c.id AS case_id, c.case_number, c.office_code, c.age_years, a.age_now,
                 near.name_similarity, c.registered_at, near.same_dob, near.same_nationality, s.rank,
                 abs(a.age_now - $12::int) AS age_gap,
                 -- The best of the caller's offices and the best of the others, each up to the
                 -- limit: namesakes elsewhere never push out a record the officer can link at once.
                 row_number() OVER (PARTITION BY c.office_code = ANY($16::text[]) ORDER BY s.rank DESC, abs(a.age_now - $12::int), c.registered_at DESC) AS place
            FROM near
            JOIN intake_case c ON c.person_id = near.id
            CROSS JOIN LATERAL (SELECT c.age_years + floor(extract(epoch FROM now() - c.registered_at) / 31557600)::int AS age_now) a
            CROSS JOIN LATERAL (SELECT $8::float8 * near.name_similarity + $9::float8 * near.same_dob::int
                                         + $10::float8 * near.same_nationality::int
                                         + $11::float8 * (abs(a.age_now - $12::int) <= $13::int)::int AS rank) s
           WHERE near.name_similarity >= CASE WHEN near.same_dob THEN $7::real ELSE $6::real END
             AND abs(a.age_now - $12::int) <= $14::int) ranked
         WHERE ranked.place <= $5) d), '[]'::json)`;

/**
 * How many namesakes each name lookup reads, nearest birth year first (DUPLICATES_SQL). The same
 * name reads more: it is where a child whose earlier record has no date of birth is found, among
 * namesakes that all score alike (25 there lost 4 of 250 such children in bench:duplicates). A
 * name with a token more, fewer or different scores below the same name; reading 25 of those
 * instead of 50 lost no planted duplicate in any variation and halved what two of the three
 * lookups read (docs/performance/duplicates.md).
 */
const SAME_NAME_READ = 50;
const KEYED_NAMESAKES_READ = 25;

/** The parameters of DUPLICATES_SQL, $1 to $20, in order. */
function duplicateSearchParams(search: DuplicateSearch, year: number): unknown[] {
  const years = birthYearsRead(year, search.ageYears, search.dateOfBirth);
  // The same name is read nearest birth year first: when a common name has more namesakes of
  // plausible age than are read, those read are the ones the score's age agreement ranks first.
  const declared = year - search.ageYears;
  const nearestFirst = Array.from({ length: years.to - years.from + 1 }, (_, i) => years.from + i).sort(
    (a, b) => Math.abs(a - declared) - Math.abs(b - declared) || b - a,
  );
  // 'X' (neither recorded) is read for either sex, and a child recorded 'X' reads both.
  const sexes = search.sex === 'F' || search.sex === 'M' ? [search.sex, 'X'] : ['F', 'M', 'X'];
  return [
    search.searchName,
    search.dateOfBirth,
    search.nationality,
    search.excludePersonId ?? null,
    DUPLICATE_LIMIT,
    nameSimilarityNeeded(false),
    nameSimilarityNeeded(true),
    // The score's own weights, so candidates are ranked as officers will see them.
    DUPLICATE_WEIGHTS.name,
    DUPLICATE_WEIGHTS.dateOfBirth,
    DUPLICATE_WEIGHTS.nationality,
    DUPLICATE_WEIGHTS.age,
    search.ageYears,
    AGE_TOLERANCE_YEARS,
    AGE_EXCLUSION_YEARS,
    SAME_NAME_READ,
    search.offices,
    sexes,
    nearestFirst,
    ONE_TOKEN_MORE_SIMILARITY,
    KEYED_NAMESAKES_READ,
  ];
}

function candidateRowsOf(json: unknown): DuplicateCandidateRow[] {
  return (json as Array<Record<string, unknown>>).map((candidate) => ({
    personId: candidate.person_id as string,
    caseId: candidate.case_id as string,
    caseNumber: candidate.case_number as string,
    officeCode: candidate.office_code as string,
    nameSimilarity: Number(candidate.name_similarity),
    sameDateOfBirth: candidate.same_dob as boolean,
    sameNationality: candidate.same_nationality as boolean,
    ageYears: Number(candidate.age_years),
    ageYearsNow: Number(candidate.age_now),
  }));
}


/** A registration's reads and its one atomic write: case numbers, the duplicate search, the new rows. */
@Injectable()
export class RegistrationRepository {
  /** A new person and their case, as writes for one atomic statement (`writeAtomically`). */
  public registrationWrites(person: PersonEntity, entity: Omit<CaseEntity, 'person'>): SqlWrite[] {
    const personColumns: Array<[string, unknown]> = [
      ['id', person.id],
      ['given_names', person.givenNames],
      ['family_names', person.familyNames],
      ['search_name', person.searchName],
      ['sex', person.sex],
      ['date_of_birth', person.dateOfBirth],
      ['birth_year', person.birthYear ?? estimatedBirthYear(person.dateOfBirth, entity.registeredAt, entity.ageYears)],
      ['nationality', person.nationality],
      ['country_of_residence', person.countryOfResidence],
      ['languages', person.languages],
      ['speaks_spanish', person.speaksSpanish],
      ['created_at', person.createdAt],
      ['updated_at', person.updatedAt],
    ];
    const caseColumns: Array<[string, unknown]> = [
      ['id', entity.id],
      ['office_code', entity.officeCode],
      ['status', entity.status],
      ['age_years', entity.ageYears],
      ['age_status', entity.ageStatus],
      ['age_candidates', entity.ageCandidates],
      ['age_for_rules', entity.ageForRules],
      ['age_band', entity.ageBand],
      ['migration_point_code', entity.migrationPointCode],
      ['migration_point', entity.migrationPoint],
      ['detected_at', entity.detectedAt],
      ['entry_path', entity.entryPath],
      ['accompaniment', entity.accompaniment],
      ['accompaniment_evidence', JSON.stringify(entity.accompanimentEvidence)],
      ['household_id', entity.householdId],
      ['protection_need_indicated', entity.protectionNeedIndicated],
      ['trafficking_indicators', entity.traffickingIndicators],
      ['medical_emergency', entity.medicalEmergency],
      ['disability', entity.disability],
      ['pregnant', entity.pregnant],
      ['assigned_officer_id', entity.assignedOfficerId],
      ['registered_by', entity.registeredBy],
      ['registered_at', entity.registeredAt],
      ['updated_at', entity.updatedAt],
      ['version', entity.version],
      ['person_id', entity.personId],
      ['case_number', entity.caseNumber],
    ];
    return [insertRow('person', personColumns), insertRow('intake_case', caseColumns)];
  }

  /**
   * What a registration needs before its write, in one round trip: the next number of the
   * office's sequence for `year` (`CHP-2026-000123`) and earlier records that may be the same
   * child. A number is never handed out twice; one whose registration then fails is skipped,
   * never reused (as `nextval` inside the write would do on a rollback). Read before the write, so
   * the statement that writes stays short; the search is DUPLICATES_SQL, over the whole country.
   * It runs under one generic plan: planned for each call's values it spent 5.2–5.7 ms of
   * Postgres CPU a search on a million-person register, 3.9–4.2 ms planned once, with the same
   * latencies (docs/performance/duplicates.md).
   */
  public async prepareRegistration(
    manager: EntityManager,
    officeCode: OfficeCode,
    year: number,
    search: DuplicateSearch,
  ): Promise<{ caseNumber: string; duplicates: DuplicateCandidateRow[] }> {
    const params = duplicateSearchParams(search, year);
    const [office, yearParam] = [`$${params.length + 1}`, `$${params.length + 2}`];
    const [row] = await queryPrepared(
      manager,
      `SELECT format('%s-%s-%s', ${office}::text, ${yearParam}::int, lpad(next_case_sequence(${office}, ${yearParam})::text, 6, '0')) AS case_number,
              ${DUPLICATES_SQL} AS duplicates`,
      [...params, officeCode, year],
      { genericPlan: true },
    );
    return { caseNumber: row.case_number as string, duplicates: candidateRowsOf(row.duplicates) };
  }

  /** The same search before a registration (the officer's check before saving); nothing is written. */
  public async findPossibleDuplicates(manager: EntityManager, year: number, search: DuplicateSearch): Promise<DuplicateCandidateRow[]> {
    const [row] = await queryPrepared(manager, `SELECT ${DUPLICATES_SQL} AS duplicates`, duplicateSearchParams(search, year), { genericPlan: true });
    return candidateRowsOf(row.duplicates);
  }

  /** RLM-05: the MP notice task a registration with trafficking indicators opens, in its statement. */
  public mpNoticeOpenWrite(caseId: string, openedAt: Date, dueAt: Date): SqlWrite {
    return insertRow('mp_notice_task', [
      ['case_id', caseId],
      ['opened_at', openedAt],
      ['due_at', dueAt],
    ]);
  }
}
