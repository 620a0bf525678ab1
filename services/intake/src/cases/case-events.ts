import { CaseCategories, CaseSummaryPayload, ScreeningFlags } from '@opis/contracts-intake';

import { PersonEntity } from '../people/person.entity';
import { CaseEntity } from './case.entity';

export function caseCategories(
  entity: Pick<CaseEntity, 'ageBand' | 'accompaniment'>,
  person: Pick<PersonEntity, 'sex' | 'nationality'>,
): CaseCategories {
  return {
    ageBand: entity.ageBand as CaseCategories['ageBand'],
    sex: person.sex as CaseCategories['sex'],
    nationality: person.nationality,
    accompaniment: entity.accompaniment as CaseCategories['accompaniment'],
  };
}

/** Only the flags, whatever else the source carries. */
export function screeningOf(entity: ScreeningFlags): ScreeningFlags {
  return {
    protectionNeedIndicated: entity.protectionNeedIndicated,
    traffickingIndicators: entity.traffickingIndicators,
    medicalEmergency: entity.medicalEmergency,
    disability: entity.disability,
    pregnant: entity.pregnant,
  };
}

export function caseSummary(
  entity: Pick<CaseEntity, 'ageBand' | 'accompaniment'> & ScreeningFlags,
  person: Pick<PersonEntity, 'id' | 'sex' | 'nationality'>,
): CaseSummaryPayload {
  return { ...caseCategories(entity, person), personId: person.id, screening: screeningOf(entity) };
}
