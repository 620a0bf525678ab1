// What bench:duplicates takes from intake's build: its migrations, entities, name normalisation,
// score and search, loaded from dist/ so that the benchmark measures the code intake runs.
import { join } from 'node:path';

import type { EntityManager } from 'typeorm';
import { WORKSPACE_ROOT } from '@opis/platform-tools';

/** The workspace root. */
export const root = WORKSPACE_ROOT;
export const YEAR = 2026;

export const VARIATIONS = [
  'given_name_dropped',
  'family_name_dropped',
  'names_swapped',
  'diacritics_lost',
  'phonetic_spelling',
  'one_letter_typo',
  'age_one_year_apart',
  'date_of_birth_missing_one_side',
  'other_nationality',
] as const;
export type Variation = (typeof VARIATIONS)[number];

export interface CandidateRow {
  personId: string;
  caseId: string;
  caseNumber: string;
  officeCode: string;
  nameSimilarity: number;
  sameDateOfBirth: boolean;
  sameNationality: boolean;
  ageYears: number;
}
export interface DuplicateSearch {
  searchName: string;
  dateOfBirth: string | null;
  nationality: string;
  sex: string;
  offices: readonly string[];
  ageYears: number;
}
/** SQL expressions for one person's name (as intake's NameColumns). */
export interface NameColumns {
  name: string;
  phonetic: string;
  tokens: string;
}

export interface IntakeCode {
  migrations: unknown[];
  entities: unknown[];
  searchableName: (...parts: string[]) => string;
  possibleDuplicates: (rows: readonly CandidateRow[], ageYears: number) => Array<{ personId: string; score: number }>;
  weights: { name: number; dateOfBirth: number; nationality: number; age: number };
  limit: number;
  oneTokenMoreSimilarity: number;
  /** Intake's name similarity expression (registration.repository.ts), to explain a miss. */
  nameSimilaritySql: (found: NameColumns, searched: NameColumns, oneTokenMore: string) => string;
  ageTolerance: number;
  nameSimilarityNeeded: (sameDateOfBirth: boolean) => number;
  prepareRegistration: (manager: EntityManager, office: string, year: number, search: DuplicateSearch) => Promise<{ duplicates: CandidateRow[] }>;
}

export async function loadIntake(): Promise<IntakeCode> {
  const dist = join(root, 'dist/services/intake/src');
  const schema = await import(join(dist, 'intake.schema.js'));
  const score = await import(join(dist, 'registration/duplicate-score.js'));
  const { RegistrationRepository, nameSimilaritySql } = await import(join(dist, 'registration/registration.repository.js'));
  const { searchableName } = await import(join(dist, 'people/searchable-name.js'));
  const repository = new RegistrationRepository();
  return {
    migrations: schema.INTAKE_MIGRATIONS,
    entities: schema.INTAKE_ENTITIES,
    searchableName,
    possibleDuplicates: score.possibleDuplicates,
    weights: score.DUPLICATE_WEIGHTS,
    limit: score.DUPLICATE_LIMIT,
    ageTolerance: score.AGE_TOLERANCE_YEARS,
    nameSimilarityNeeded: score.nameSimilarityNeeded,
    oneTokenMoreSimilarity: score.ONE_TOKEN_MORE_SIMILARITY,
    nameSimilaritySql,
    prepareRegistration: (manager, office, year, search) => repository.prepareRegistration(manager, office, year, search),
  };
}

