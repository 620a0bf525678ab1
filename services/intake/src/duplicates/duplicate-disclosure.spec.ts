import type { DuplicateCandidateRow } from '../registration/duplicate-score';
import { discloseDuplicates } from './duplicate-disclosure';

const row = (caseId: string, officeCode: string, ageYears: number): DuplicateCandidateRow => ({
  personId: `person-${caseId}`,
  caseId,
  caseNumber: `${officeCode}-2026-00000${caseId}`,
  officeCode,
  nameSimilarity: 0.9,
  sameDateOfBirth: false,
  sameNationality: true,
  ageYears,
});

describe('duplicates shown across offices', () => {
  const rows = [row('1', 'CHP', 10), row('2', 'TAB', 15)];
  const scored = rows.map((candidate) => ({
    personId: candidate.personId,
    caseId: candidate.caseId,
    caseNumber: candidate.caseNumber,
    officeCode: candidate.officeCode,
    score: 0.8,
    matchedOn: ['name' as const],
  }));

  it('shows an own office’s record whole, and another office’s as office, number, score and age band only', () => {
    const { shown, disclosures } = discloseDuplicates(scored, rows, (office) => office === 'CHP');
    expect(shown).toEqual([
      { visibility: 'FULL', ...scored[0] },
      { visibility: 'OTHER_OFFICE', officeCode: 'TAB', caseNumber: 'TAB-2026-000002', score: 0.8, ageBand: '12-17' },
    ]);
    expect(JSON.stringify(shown[1])).not.toContain('person-2');
    expect(disclosures).toEqual([{ candidateCaseId: '2', score: 0.8 }]);
  });

  it('discloses nothing across offices to someone who sees them all', () => {
    expect(discloseDuplicates(scored, rows, () => true).disclosures).toEqual([]);
  });
});
