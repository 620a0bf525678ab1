import { FieldViolation } from '@opis/contracts-envelope';
import { ProcuraduriaReferralGround, ReceptionStatus } from '@opis/contracts-repatriation';
import { InvalidInputError } from '@opis/platform';

import { FamilyMemberCopy } from '../copies/copies.repository';
import { RepatriationErrorCode, RepatriationRuleViolation } from '../repatriation.exception';
import { ReceptionHandoverDto } from './reception.dto';
import { ReceptionEntity } from './reception.entity';

/** Where the screen and the causes may still change, before the child leaves DIF's module. */
export const WITH_DIF: readonly ReceptionStatus[] = ['RECEIVED_AT_POINT', 'CHANNELLED_DIF_MODULE', 'PROCURADURIA_MEASURE', 'FAMILY_CONTACTED'];

/** What sends a reception to the Procuraduría: a positive independent screen (US-06), intrafamily violence (LM-15). */
export function referralGrounds(reception: ReceptionEntity): ProcuraduriaReferralGround[] {
  return [
    ...((reception.riskFindings ?? []).length > 0 ? (['RISK_SCREEN'] as const) : []),
    ...((reception.causesOfMigration ?? []).includes('INTRAFAMILY_VIOLENCE') ? (['INTRAFAMILY_VIOLENCE'] as const) : []),
  ];
}

/** How far from now a notice's expected arrival may be: US notices come days ahead, or late. */
const ARRIVAL_NOTICE_WINDOW_DAYS = { before: 30, after: 60 };

/**
 * A notice names an arrival within weeks of now (issue 19, plausible dates): a year typed wrong
 * (9999, 1970) is refused as input, naming the field, rule `isPlausibleArrival`.
 */
export function assertPlausibleArrival(expectedAt: string, now = Date.now()): void {
  const at = new Date(expectedAt).getTime();
  const day = 86_400_000;
  if (at < now - ARRIVAL_NOTICE_WINDOW_DAYS.before * day || at > now + ARRIVAL_NOTICE_WINDOW_DAYS.after * day) {
    throw new InvalidInputError([
      {
        field: 'expectedAt',
        rule: 'isPlausibleArrival',
        message: `expectedAt must be within ${ARRIVAL_NOTICE_WINDOW_DAYS.before} days before and ${ARRIVAL_NOTICE_WINDOW_DAYS.after} days after now`,
      },
    ]);
  }
}

/** No hand-over, and no family contact, while a risk waits for the Procuraduría's measure (US-06, LM-15). */
export function assertNoMeasurePending(reception: ReceptionEntity): void {
  const grounds = referralGrounds(reception);
  if ((grounds.length > 0 || reception.procuraduriaReferredAt) && !reception.measureIssuedAt) {
    const screen = grounds.includes('RISK_SCREEN');
    throw new RepatriationRuleViolation(
      RepatriationErrorCode.PROCURADURIA_MEASURE_MISSING,
      screen
        ? 'The risk screen was positive: no hand-over until the Procuraduría has issued a measure (US-06, LM-15).'
        : 'The child migrated because of intrafamily violence: no hand-over until the Procuraduría has issued a measure (LM-15).',
      screen ? 'US-06' : 'LM-15',
    );
  }
}

/**
 * LM-15, US-05: a family hand-over follows DIF's assessment of why the child migrated (violence
 * among the causes holds it for a measure, see assertNoMeasurePending) and DIF's contact with
 * the family.
 */
export function assertFamilyAssessed(reception: ReceptionEntity): void {
  if (!reception.causesRecordedAt) {
    throw new RepatriationRuleViolation(
      RepatriationErrorCode.CAUSES_OF_MIGRATION_MISSING,
      'A child is handed to family only after DIF’s assessment, with the causes of migration recorded (LM-15).',
      'LM-15',
      [{ field: 'causesOfMigration', rule: 'LM-15', message: 'record the causes of migration first' }],
    );
  }
  if (!reception.familyContactedAt) {
    throw new RepatriationRuleViolation(
      RepatriationErrorCode.FAMILY_NOT_CONTACTED,
      'DIF contacts the parent or guardian before the child is handed to family (US-05, FAMILY_CONTACTED).',
      'US-05',
      [{ field: 'familyContactId', rule: 'US-05', message: 'record the family contact first' }],
    );
  }
}

/**
 * US-05: the collecting adult's identity and kinship verified; `kin` is family-contact's copy of
 * the member named (null: none such), undefined when there is no case or no member to ask about.
 */
export function assertFamilyVerified(dto: ReceptionHandoverDto, kin: FamilyMemberCopy | null | undefined): void {
  const violations: FieldViolation[] = [
    ...(dto.familyContactId ? [] : [{ field: 'familyContactId', rule: 'US-05', message: 'the family member collecting the child' }]),
    ...(dto.identityEvidence.length > 0 ? [] : [{ field: 'identityEvidence', rule: 'US-05', message: 'the collecting adult’s identity must be verified' }]),
    ...(dto.kinshipEvidence.length > 0 ? [] : [{ field: 'kinshipEvidence', rule: 'US-05', message: 'the relationship must be verified' }]),
  ];
  if (kin !== undefined && kin?.status !== 'VERIFIED') {
    violations.push({
      field: 'familyContactId',
      rule: 'US-05',
      message: kin?.status === 'FLAGGED' ? 'this person is flagged as a risk' : 'family-contact has not verified this person’s kinship',
    });
  }
  if (violations.length > 0) {
    throw new RepatriationRuleViolation(
      RepatriationErrorCode.FAMILY_NOT_VERIFIED,
      'A child is handed to family only with the adult’s identity and the kinship verified (US-05).',
      'US-05',
      violations,
    );
  }
}

/** LM-14, INV-08: a transfer to the home state's DIF is escorted, and names the state. */
export function assertEscorted(dto: ReceptionHandoverDto): void {
  const violations: FieldViolation[] = [
    ...(dto.escortOfficerIds.length > 0 ? [] : [{ field: 'escortOfficerIds', rule: 'LM-14', message: 'a transfer needs at least one escort officer' }]),
    ...(dto.homeState ? [] : [{ field: 'homeState', rule: 'required', message: 'the home state receiving the child' }]),
  ];
  if (violations.length > 0) {
    throw new RepatriationRuleViolation(RepatriationErrorCode.ESCORT_MISSING, 'A transfer to the home state’s DIF is escorted (LM-14, INV-08).', 'LM-14', violations);
  }
}
