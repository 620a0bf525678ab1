import { CaseCategories, CaseSummaryPayload, ScreeningFlags } from '@opis/contracts-intake';

import { PersonEntity } from '../people/person.entity';
import { CaseEntity } from './case.entity';

export function caseCategories(entity: CaseEntity, person: PersonEntity): CaseCategories {
  return {
    ageBand: entity.ageBand as CaseCategories['ageBand'],
    sex: person.sex as CaseCategories['sex'],
    nationality: person.nationality,
    accompaniment: entity.accompaniment as CaseCategories['accompaniment'],
  };
}

export function screeningOf(entity: CaseEntity): ScreeningFlags {
  return {
    protectionNeedIndicated: entity.protectionNeedIndicated,
    traffickingIndicators: entity.traffickingIndicators,
    medicalEmergency: entity.medicalEmergency,
    disability: entity.disability,
    pregnant: entity.pregnant,
  };
}

export function caseSummary(entity: CaseEntity, person: PersonEntity): CaseSummaryPayload {
  return { ...caseCategories(entity, person), personId: person.id, screening: screeningOf(entity) };
}
