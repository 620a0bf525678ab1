import { AGE_EXCLUSION_YEARS, DUPLICATE_LIMIT, DuplicateCandidateRow, nameSimilarityNeeded, possibleDuplicates } from './duplicate-score';

const candidate = (overrides: Partial<DuplicateCandidateRow>): DuplicateCandidateRow => ({
  personId: 'p',
  caseId: 'c',
  caseNumber: 'CHP-2026-000001',
  officeCode: 'CHP',
  nameSimilarity: 0.9,
  sameDateOfBirth: false,
  sameNationality: true,
  ageYears: 10,
  ...overrides,
});

describe('possible duplicates', () => {
  it('reads names only as far down as a candidate can still reach the score', () => {
    // Without the same birth date the name carries all but 0.15 of 0.5: 0.35 / 0.6 = 0.583.
    expect(nameSimilarityNeeded(false)).toBe(0.58);
    // With it the score is reached at 0.167, but names under 0.3 are never taken for the same.
    expect(nameSimilarityNeeded(true)).toBe(0.3);
    // Every candidate the search leaves out scores under the minimum, even with everything else agreeing.
    expect(possibleDuplicates([candidate({ nameSimilarity: nameSimilarityNeeded(false) - 0.01 })], 10)).toEqual([]);
  });

  it('keeps candidates at or above 0.5 by the unrounded score, best first, at most five', () => {
    const rows = [
      candidate({ caseId: 'weak', nameSimilarity: 0.58 }), // 0.498: rounds to 0.5, but is under it
      candidate({ caseId: 'born-same-day', nameSimilarity: 0.35, sameDateOfBirth: true }),
      ...Array.from({ length: 6 }, (_, i) => candidate({ caseId: `strong-${i}`, nameSimilarity: 0.9 - i / 100 })),
    ];
    const found = possibleDuplicates(rows, 11);
    expect(found).toHaveLength(DUPLICATE_LIMIT);
    expect(found.map((duplicate) => duplicate.caseId)).toEqual(['strong-0', 'strong-1', 'strong-2', 'strong-3', 'strong-4']);
    expect(found[0]).toMatchObject({ score: 0.69, matchedOn: ['name', 'nationality', 'age'] });
    expect(possibleDuplicates(rows.slice(0, 2), 10).map((duplicate) => duplicate.caseId)).toEqual(['born-same-day']);
  });

  it('compares the age a record would have today, and shows no record of an age the child cannot have', () => {
    // Registered three years ago at 9: 12 today, the child's age now.
    const [grown] = possibleDuplicates([candidate({ ageYears: 9, ageYearsNow: 12 })], 12);
    expect(grown).toMatchObject({ matchedOn: ['name', 'nationality', 'age'], score: 0.69 });
    // Without the age today (an older search), the recorded age is compared.
    expect(possibleDuplicates([candidate({ ageYears: 9 })], 12)[0].matchedOn).toEqual(['name', 'nationality']);
    // A namesake further than AGE_EXCLUSION_YEARS is another child, whatever else agrees.
    const rows = [candidate({ caseId: 'far', ageYearsNow: 12 + AGE_EXCLUSION_YEARS + 1, sameDateOfBirth: true, nameSimilarity: 1 })];
    expect(possibleDuplicates(rows, 12)).toEqual([]);
    expect(possibleDuplicates([candidate({ caseId: 'near', ageYearsNow: 12 + AGE_EXCLUSION_YEARS })], 12).map((d) => d.caseId)).toEqual(['near']);
  });
});
