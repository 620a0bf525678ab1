import { EventEnvelope } from '@opis/contracts-envelope';
import { CaseRegistered, CaseTransferredV1, CaseUpdatedV1 } from '@opis/contracts-intake';

import { CaseCopy } from './case-copy';

/** The common part of the copy a registration opens, at the registration's version. */
export function copyOfRegistration(envelope: EventEnvelope<CaseRegistered>): CaseCopy {
  const { data } = envelope;
  return {
    caseId: envelope.caseId,
    officeCode: envelope.officeCode,
    ageBand: data.ageBand,
    sex: data.sex,
    nationality: data.nationality,
    accompaniment: data.accompaniment,
    intakeCaseVersion: envelope.caseVersion,
  };
}

/**
 * Whether the event comes after everything the copy applied. The consumer already applies a
 * case's events once and in order; this keeps a copy from going back if an older event ever
 * reaches it anyway (an operator's replay, a handler called directly).
 */
export function isNewer(copy: Pick<CaseCopy, 'intakeCaseVersion'>, envelope: Pick<EventEnvelope, 'caseVersion'>): boolean {
  return envelope.caseVersion > copy.intakeCaseVersion;
}

/**
 * The copy after a correction or a transfer: both carry the case's current categories, and a
 * transfer moves the case to the receiving office (its officers see it, the old office's do not).
 */
export function applyToCopy(copy: CaseCopy, envelope: EventEnvelope<CaseUpdatedV1 | CaseTransferredV1>): CaseCopy {
  const { data } = envelope;
  return {
    ...copy,
    ageBand: data.ageBand,
    sex: data.sex,
    nationality: data.nationality,
    accompaniment: data.accompaniment,
    ...('toOffice' in data ? { officeCode: data.toOffice } : {}),
    intakeCaseVersion: envelope.caseVersion,
  };
}
