import { EventActor, OfficeCode } from '@opis/contracts-envelope';
import { CaseCategories, CaseSummaryPayload, ScreeningFlags } from '@opis/contracts-intake';
import { Principal } from '@opis/platform';

import { PersonEntity } from '../people/person.entity';
import { CaseEntity } from './case.entity';

/** The officer an event names as having acted. */
function actorOf(principal: Principal): EventActor {
  return { kind: 'officer', id: principal.subject };
}

/** What every case event carries beside its data: which case, its office, who acted and (where the change says) when. */
export function aboutCase(
  entity: Pick<CaseEntity, 'id' | 'officeCode'>,
  principal: Principal,
  occurredAt?: Date,
): { caseId: string; officeCode: OfficeCode; actor: EventActor; occurredAt?: Date } {
  return { caseId: entity.id, officeCode: entity.officeCode as OfficeCode, actor: actorOf(principal), ...(occurredAt && { occurredAt }) };
}

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
