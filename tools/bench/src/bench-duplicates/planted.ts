// Planted duplicates (register records registered again as officers really write them) and
// children met for the first time: the searches bench:duplicates runs.
import { Pool } from 'pg';

import { FAMILY, GIVEN_F, GIVEN_M, NATIONALITY_MIX, SPELLING_VARIANTS } from '../bench-duplicates-names';
import { OFFICE_MIX, randomFor } from '@opis/platform-tools';
import { IntakeCode, Variation, VARIATIONS } from './intake-code';

export interface Query {
  variation: Variation | 'first_time';
  /** The earlier record of the same child, none for a child met for the first time. */
  truePersonId: string | null;
  office: string;
  search: { searchName: string; dateOfBirth: string | null; nationality: string; sex: string; ageYears: number };
}

interface RegisterRecord {
  person_id: string;
  given_names: string;
  family_names: string;
  date_of_birth: string | null;
  nationality: string;
  sex: string;
  office_code: string;
  /** The age recorded then, carried to today: the child is older when met again. */
  age_now: number;
}

function stripDiacritics(value: string): string {
  return value.normalize('NFD').replace(/\p{Diacritic}/gu, '').normalize('NFC');
}

const VARIANT_OF = new Map<string, string>();
for (const [a, b] of SPELLING_VARIANTS) {
  VARIANT_OF.set(a.toLowerCase(), b);
  VARIANT_OF.set(b.toLowerCase(), a);
}

/** A birth date that makes a child `years` old today . */
function bornAged(years: number, random: () => number): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear() - years - 1, today.getUTCMonth(), today.getUTCDate() + 1 + Math.floor(random() * 360)));
}

function pickWeighted(mix: ReadonlyArray<readonly [string, number]>, random: () => number, except?: string): string {
  const choices = mix.filter(([code]) => code !== except);
  const total = choices.reduce((sum, [, share]) => sum + share, 0);
  let target = random() * total;
  for (const [code, share] of choices) if ((target -= share) <= 0) return code;
  return choices[choices.length - 1][0];
}

function typo(token: string, random: () => number): string {
  const letters = 'aeioulnrstmcdbgpyz';
  const at = Math.floor(random() * token.length);
  const letter = letters[Math.floor(random() * letters.length)];
  switch (Math.floor(random() * 4)) {
    case 0:
      return token.slice(0, at) + letter + token.slice(at + 1);
    case 1:
      return token.length > 3 ? token.slice(0, at) + token.slice(at + 1) : token + letter;
    case 2:
      return token.slice(0, at) + letter + token.slice(at);
    default:
      return at < token.length - 1 ? token.slice(0, at) + token[at + 1] + token[at] + token.slice(at + 2) : token.slice(0, -1) + letter;
  }
}

/** The same child registered again, as officers write it: the record with one variation. */
function vary(record: RegisterRecord, variation: Variation, random: () => number) {
  let given = record.given_names;
  let family = record.family_names;
  let dateOfBirth = record.date_of_birth;
  let nationality = record.nationality;
  let ageYears = record.age_now;
  switch (variation) {
    case 'given_name_dropped':
      given = given.split(' ')[0];
      break;
    case 'family_name_dropped':
      family = family.split(' ')[0];
      break;
    case 'names_swapped':
      [given, family] = [family, given];
      break;
    case 'diacritics_lost':
      given = stripDiacritics(given);
      family = stripDiacritics(family);
      break;
    case 'phonetic_spelling': {
      const respell = (names: string) => names.split(' ').map((token) => VARIANT_OF.get(token.toLowerCase()) ?? token).join(' ');
      // One token respelled: the first that has a variant.
      const givenTokens = given.split(' ');
      const index = givenTokens.findIndex((token) => VARIANT_OF.has(token.toLowerCase()));
      if (index >= 0) {
        givenTokens[index] = respell(givenTokens[index]);
        given = givenTokens.join(' ');
      } else {
        const familyTokens = family.split(' ');
        const at = familyTokens.findIndex((token) => VARIANT_OF.has(token.toLowerCase()));
        familyTokens[at] = respell(familyTokens[at]);
        family = familyTokens.join(' ');
      }
      break;
    }
    case 'one_letter_typo': {
      const tokens = [...given.split(' '), ...family.split(' ')];
      const at = Math.floor(random() * tokens.length);
      let changed = tokens[at];
      for (let attempt = 0; attempt < 5 && stripDiacritics(changed).toLowerCase() === stripDiacritics(tokens[at]).toLowerCase(); attempt++) {
        changed = typo(stripDiacritics(tokens[at]).toLowerCase(), random);
      }
      tokens[at] = changed;
      const givenCount = given.split(' ').length;
      given = tokens.slice(0, givenCount).join(' ');
      family = tokens.slice(givenCount).join(' ');
      break;
    }
    case 'age_one_year_apart':
      ageYears = ageYears === 0 ? 1 : ageYears === 17 ? 16 : ageYears + (random() < 0.5 ? -1 : 1);
      break;
    case 'date_of_birth_missing_one_side':
      if (dateOfBirth) {
        dateOfBirth = null;
      } else {
        // Documented this time: a birth date that agrees with the age declared before.
        const born = bornAged(ageYears, random);
        dateOfBirth = born.toISOString().slice(0, 10);
      }
      break;
    case 'other_nationality':
      nationality = pickWeighted(NATIONALITY_MIX, random, nationality);
      break;
  }
  return { given, family, dateOfBirth, nationality, ageYears };
}

const APPLIES: Record<Variation, string> = {
  given_name_dropped: `p.given_names LIKE '% %'`,
  family_name_dropped: `p.family_names LIKE '% %'`,
  names_swapped: 'true',
  diacritics_lost: `p.given_names || ' ' || p.family_names ~ '[^ -~]'`,
  phonetic_spelling: 'p.search_name ~ $2',
  one_letter_typo: 'true',
  age_one_year_apart: 'true',
  date_of_birth_missing_one_side: 'true',
  other_nationality: 'true',
};

export async function plantQueries(pool: Pool, intake: IntakeCode, perVariation: number, firstTime: number): Promise<Query[]> {
  const queries: Query[] = [];
  const variantPattern = `\\m(${[...VARIANT_OF.keys()].map((name) => intake.searchableName(name)).join('|')})\\M`;
  for (const variation of VARIATIONS) {
    // A deterministic sample of the register: the same records on every run over the same register.
    const { rows } = await pool.query<RegisterRecord>(
      `SELECT p.id AS person_id, p.given_names, p.family_names, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.nationality,
              p.sex, c.office_code, a.age_now
         FROM person p JOIN intake_case c ON c.person_id = p.id
        CROSS JOIN LATERAL (SELECT c.age_years + floor(extract(epoch FROM now() - c.registered_at) / 31557600)::int AS age_now) a
        WHERE ${APPLIES[variation]} AND $1::text IS NOT NULL AND a.age_now <= 17
        ORDER BY md5(p.id::text || $1) LIMIT ${perVariation}`,
      variation === 'phonetic_spelling' ? [variation, variantPattern] : [variation],
    );
    rows.forEach((record, i) => {
      const random = randomFor(variation, i);
      const varied = vary(record, variation, random);
      // Half are met again at another office (a child who moved north, or was transferred).
      const office = random() < 0.5 ? record.office_code : pickWeighted(OFFICE_MIX, random, record.office_code);
      queries.push({
        variation,
        truePersonId: record.person_id,
        office,
        search: {
          searchName: intake.searchableName(varied.given, varied.family),
          dateOfBirth: varied.dateOfBirth,
          nationality: varied.nationality,
          // The variations planted do not change the sex: a sex recorded wrongly is not measured.
          sex: record.sex,
          ageYears: varied.ageYears,
        },
      });
    });
  }
  for (let i = 0; i < firstTime; i++) {
    const random = randomFor('first-time', i);
    const sex = random() < 0.5 ? 'F' : 'M';
    const pick = (list: readonly string[]) => list[Math.min(list.length, Math.floor(Math.pow(list.length + 1, random()))) - 1];
    const given = random() < 0.6 ? `${pick(sex === 'F' ? GIVEN_F : GIVEN_M)} ${pick(sex === 'F' ? GIVEN_F : GIVEN_M)}` : pick(sex === 'F' ? GIVEN_F : GIVEN_M);
    const family = random() < 0.9 ? `${pick(FAMILY)} ${pick(FAMILY)}` : pick(FAMILY);
    const ageYears = 17 - Math.floor(Math.pow(random(), 1.6) * 18);
    const dateOfBirth = random() < 0.7 ? bornAged(ageYears, random).toISOString().slice(0, 10) : null;
    queries.push({
      variation: 'first_time',
      truePersonId: null,
      office: pickWeighted(OFFICE_MIX, random),
      search: { searchName: intake.searchableName(given, family), dateOfBirth, nationality: pickWeighted(NATIONALITY_MIX, random), sex, ageYears },
    });
  }
  return queries;
}

