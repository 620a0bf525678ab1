import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Min } from 'class-validator';

import { defineEvent } from '@opis/contracts-envelope';
import { ACCOMPANIMENTS } from '@opis/contracts-intake';

import {
  INCIDENT_KINDS,
  IncidentKind,
  PROCURADURIA_REFERRAL_GROUNDS,
  ProcuraduriaReferralGround,
  RECEPTION_HANDOVER_KINDS,
  ReceptionHandoverKind,
  RISK_SCREEN_FINDINGS,
  RiskScreenFinding,
  US_AGENCIES,
  UsAgency,
} from '../vocabulary/repatriation-vocabulary';
import { REGISTRY_CODE } from './registry-code';


/*
 * Reception events: until intake has registered the child, the envelope's caseId is the
 * reception's id; `caseId` in the data is intake's case once linked.
 */

export class ReceptionOpenedV1 {
  @IsUUID()
  public receptionId!: string;

  @IsIn(US_AGENCIES)
  public usAgency!: UsAgency;

  @Matches(REGISTRY_CODE)
  public expectedPointCode!: string;

  @IsISO8601({ strict: true })
  public expectedAt!: string;
}

export const receptionOpenedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'opened', version: 1 },
  dataClass: ReceptionOpenedV1,
  semantics: 'snapshot',
  description: 'A US notice of a Mexican child’s return opened a reception (US-02, DOMAIN.md 4.5 b). The US reference stays in repatriation.',
  example: { receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30', usAgency: 'USBP', expectedPointCode: 'MX-BCN-TIJUANA', expectedAt: '2026-12-03T17:00:00.000Z' },
});

export class ReceptionArrivedV1 {
  @IsUUID()
  public receptionId!: string;

  @Matches(REGISTRY_CODE)
  public pointCode!: string;

  @IsISO8601({ strict: true })
  public arrivedAt!: string;

  @IsIn(ACCOMPANIMENTS)
  public accompaniment!: string;

  /** Outside the point's hours for unaccompanied children (US-03). */
  @IsBoolean()
  public outOfHours!: boolean;
}

export const receptionArrivedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'arrived', version: 1 },
  dataClass: ReceptionArrivedV1,
  semantics: 'change',
  description: 'The child was received at a registered repatriation point (US-03, US-05).',
  example: {
    receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30',
    pointCode: 'MX-BCN-TIJUANA',
    arrivedAt: '2026-12-03T17:10:00.000Z',
    accompaniment: 'UNACCOMPANIED',
    outOfHours: false,
  },
});

export class ReceptionHandedOverV1 {
  @IsUUID()
  public receptionId!: string;

  @IsUUID()
  public handoverId!: string;

  @IsIn(RECEPTION_HANDOVER_KINDS)
  public kind!: ReceptionHandoverKind;

  /** The family member (family-contact's contact id) for a FAMILY hand-over. */
  @IsOptional()
  @IsUUID()
  public familyContactId?: string;

  /** The home state (ISO 3166-2:MX code without prefix) for a STATE_DIF transfer. */
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  public homeState?: string;

  @IsInt()
  @Min(0)
  public escorts!: number;

  @IsISO8601({ strict: true })
  public handedOverAt!: string;
}

export const receptionHandedOverV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'handed-over', version: 1 },
  dataClass: ReceptionHandedOverV1,
  semantics: 'change',
  description: 'The returned child went to a verified family member (US-05) or, escorted, to the home state’s DIF (LM-14): a link of the custody chain.',
  example: {
    receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30',
    handoverId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d31',
    kind: 'FAMILY',
    familyContactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11',
    escorts: 0,
    handedOverAt: '2026-12-04T12:00:00.000Z',
  },
});

export class ReceptionReferredToProcuraduriaV1 {
  @IsUUID()
  public receptionId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PROCURADURIA_REFERRAL_GROUNDS.length)
  @IsIn(PROCURADURIA_REFERRAL_GROUNDS, { each: true })
  public grounds!: ProcuraduriaReferralGround[];

  /** What the independent risk screen found (US-06), categories only. */
  @IsArray()
  @ArrayMaxSize(RISK_SCREEN_FINDINGS.length)
  @IsIn(RISK_SCREEN_FINDINGS, { each: true })
  public findings!: RiskScreenFinding[];
}

export const receptionReferredToProcuraduriaV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'referred-to-procuraduria', version: 1 },
  dataClass: ReceptionReferredToProcuraduriaV1,
  semantics: 'change',
  description:
    'A returned child channelled to DIF goes to the Procuraduría (PROCURADURIA_MEASURE): a positive independent risk screen (US-06) or intrafamily violence among the causes of migration (LM-15). No family hand-over until a measure is recorded.',
  example: { receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30', grounds: ['RISK_SCREEN', 'INTRAFAMILY_VIOLENCE'], findings: ['VIOLENCE_AT_HOME'] },
});

export class ReceptionFamilyContactedV1 {
  @IsUUID()
  public receptionId!: string;

  /** The family member (family-contact's contact id) DIF reached. */
  @IsUUID()
  public familyContactId!: string;

  @IsISO8601({ strict: true })
  public contactedAt!: string;
}

export const receptionFamilyContactedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'family-contacted', version: 1 },
  dataClass: ReceptionFamilyContactedV1,
  semantics: 'change',
  description: 'DIF reached a parent or guardian of the returned child to collect them or arrange the transfer home (US-05, FAMILY_CONTACTED).',
  example: { receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30', familyContactId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11', contactedAt: '2026-12-04T09:00:00.000Z' },
});

export class ReceptionClosedV1 {
  @IsUUID()
  public receptionId!: string;

  /** How the reception ended. */
  @IsIn(RECEPTION_HANDOVER_KINDS)
  public kind!: ReceptionHandoverKind;

  @IsISO8601({ strict: true })
  public closedAt!: string;
}

export const receptionClosedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'reception', event: 'closed', version: 1 },
  dataClass: ReceptionClosedV1,
  semantics: 'change',
  description: 'A reception ended with the child with family or the home state’s DIF was closed (DOMAIN.md 4.5 b).',
  example: { receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30', kind: 'FAMILY', closedAt: '2026-12-05T10:00:00.000Z' },
});

export class IncidentRecordedV1 {
  @IsUUID()
  public incidentId!: string;

  @IsIn(INCIDENT_KINDS)
  public kind!: IncidentKind;

  @IsUUID()
  public receptionId!: string;

  @Matches(REGISTRY_CODE)
  public pointCode!: string;

  @IsIn(US_AGENCIES)
  public usAgency!: UsAgency;

  @IsISO8601({ strict: true })
  public occurredAt!: string;
}

export const incidentRecordedV1 = defineEvent({
  name: { service: 'repatriation', aggregate: 'incident', event: 'recorded', version: 1 },
  dataClass: IncidentRecordedV1,
  semantics: 'change',
  description: 'An LRA breach to raise with the consulate and CBP: an unaccompanied child returned outside the point’s hours (US-03).',
  example: {
    incidentId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d40',
    kind: 'OUT_OF_HOURS_ARRIVAL',
    receptionId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d30',
    pointCode: 'MX-BCN-TIJUANA',
    usAgency: 'USBP',
    occurredAt: '2026-12-03T05:10:00.000Z',
  },
});
