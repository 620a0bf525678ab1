import { AgeBand } from '@opis/contracts-intake';

import { bandOf } from '../cases/age-assessment';
import type { DuplicateCandidateRow } from '../registration/duplicate-score';
import type { PossibleDuplicate } from '../cases/case.view';

/** An earlier record in an office the officer sees: everything needed to link the encounter. */
export interface DuplicateInOwnOffice extends PossibleDuplicate {
  visibility: 'FULL';
}

/**
 * An earlier record in an office the officer does not see (issue 21, minimal disclosure): where,
 * under which number, how likely and the child's age band; never a name or an id to follow.
 * The officer may ask that office for the details (`POST /v1/duplicate-inquiries`).
 */
export interface DuplicateInOtherOffice {
  visibility: 'OTHER_OFFICE';
  officeCode: string;
  caseNumber: string;
  score: number;
  ageBand: AgeBand;
}

export type ShownDuplicate = DuplicateInOwnOffice | DuplicateInOtherOffice;

/** A record disclosed to a case of another office: what an inquiry may later ask about. */
export interface Disclosure {
  candidateCaseId: string;
  score: number;
}

/**
 * What the officer registering a case is shown of its possible duplicates, and which of them were
 * disclosed across offices (kept with the case, so that only a disclosed record can be inquired
 * about: an inquiry is not a way to probe case numbers).
 */
export function discloseDuplicates(
  scored: readonly PossibleDuplicate[],
  rows: readonly DuplicateCandidateRow[],
  sees: (officeCode: string) => boolean,
): { shown: ShownDuplicate[]; disclosures: Disclosure[] } {
  const shown: ShownDuplicate[] = [];
  const disclosures: Disclosure[] = [];
  for (const duplicate of scored) {
    if (sees(duplicate.officeCode)) {
      shown.push({ visibility: 'FULL', ...duplicate });
      continue;
    }
    const row = rows.find((candidate) => candidate.caseId === duplicate.caseId);
    const years = row ? (row.ageYearsNow ?? row.ageYears) : undefined;
    shown.push({
      visibility: 'OTHER_OFFICE',
      officeCode: duplicate.officeCode,
      caseNumber: duplicate.caseNumber,
      score: duplicate.score,
      ageBand: years === undefined ? '12-17' : bandOf(years),
    });
    disclosures.push({ candidateCaseId: duplicate.caseId, score: duplicate.score });
  }
  return { shown, disclosures };
}
